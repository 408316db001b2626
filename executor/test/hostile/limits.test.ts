/** The limit cases (limit-cases.ts) with a cgroup per run. */
import { limitCases } from './limit-cases.js';

limitCases(61_100, 'sentinel-hostile-limits');

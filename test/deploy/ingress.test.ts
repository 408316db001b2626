/**
 * The optional Ingress with TLS (ingress.* in k8s-templates/deploy.config.json): off by default
 * (k8s/ has no Ingress and the master keeps its LoadBalancer); on, it validates strictly against the
 * Kubernetes schemas, serves HTTPS for the host from the TLS Secret (an existing one, or one
 * cert-manager issues), and the master becomes a ClusterIP Service that trusts X-Forwarded-For.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodePlop from 'node-plop';
import { checkDeployConfig } from '../../generators/lib/config.js';
import { discoverPacks } from '../../generators/lib/packs.js';
import { renderAll } from '../../generators/lib/render.js';
import { objectsOf, StrictChecker, validateObject, type K8sObject } from './schemas.js';
import { root } from './workspace.js';

const templatesDir = path.join(root, 'k8s-templates');
const base = JSON.parse(readFileSync(path.join(templatesDir, 'deploy.config.json'), 'utf8'));
const strict = new StrictChecker();

async function render(ingress: object) {
  const plop = await nodePlop(path.join(root, 'plopfile.js'), { destBasePath: root, force: false });
  const config = checkDeployConfig({ ...base, ingress: { ...base.ingress, ...ingress } });
  const files = renderAll(plop, { templatesDir, config, packs: await discoverPacks(root) });
  const objects = [...files].filter(([name]) => name.endsWith('.yaml')).flatMap(([name, content]) => objectsOf(name, content));
  const find = (kind: string, name: string): K8sObject | undefined => objects.find(({ object }) => object.kind === kind && object.metadata?.name === name)?.object;
  return { files, objects, find };
}

const env = (deployment: K8sObject | undefined, name: string) =>
  (deployment?.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>).find((e) => e.name === name)?.value;

test('off by default: no Ingress in k8s/, the master behind its LoadBalancer without trusting X-Forwarded-For', async (t) => {
  t.false(base.ingress.enabled);
  t.false(readdirSync(path.join(root, 'k8s')).some((name) => name.includes('ingress')));
  const { files, find } = await render({});
  t.false(files.has('35-ingress.yaml'));
  t.is(find('Service', 'sentinel-master-service')?.spec.type, 'LoadBalancer');
  t.is(env(find('Deployment', 'sentinel-master'), 'TRUST_PROXY'), 'false');
});

test('on with an existing TLS Secret: a valid Ingress for the host, the master a ClusterIP Service trusting the proxy', async (t) => {
  const { files, objects, find } = await render({ enabled: true, host: 'judge.example.org', className: 'nginx', tlsSecretName: 'judge-tls', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '16m' } });
  t.true(files.has('35-ingress.yaml'));
  for (const located of objects) await validateObject(located);
  t.deepEqual(strict.check(objects), []);
  const ingress = find('Ingress', 'sentinel-master')!;
  t.is(ingress.spec.ingressClassName, 'nginx');
  t.deepEqual(ingress.spec.tls, [{ hosts: ['judge.example.org'], secretName: 'judge-tls' }]);
  t.is(ingress.spec.rules[0].host, 'judge.example.org');
  t.deepEqual(ingress.spec.rules[0].http.paths[0].backend, { service: { name: 'sentinel-master-service', port: { name: 'http' } } });
  t.deepEqual(ingress.metadata?.annotations, { 'nginx.ingress.kubernetes.io/proxy-body-size': '16m' });
  const service = find('Service', 'sentinel-master-service')!;
  t.is(service.spec.type, 'ClusterIP');
  t.is(service.spec.externalTrafficPolicy, undefined);
  t.is(env(find('Deployment', 'sentinel-master'), 'TRUST_PROXY'), 'true');
});

test("on with cert-manager: the ClusterIssuer annotation, no ingressClassName when none is set", async (t) => {
  const { objects, find } = await render({ enabled: true, certManagerClusterIssuer: 'letsencrypt-prod' });
  for (const located of objects) await validateObject(located);
  t.deepEqual(strict.check(objects), []);
  const ingress = find('Ingress', 'sentinel-master')!;
  t.deepEqual(ingress.metadata?.annotations, { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
  t.is(ingress.spec.ingressClassName, undefined);
  t.is(ingress.spec.tls[0].secretName, 'sentinel-tls');
});

test('a bad ingress config is refused, naming the field', (t) => {
  const bad = (ingress: object) => () => checkDeployConfig({ ...base, ingress: { ...base.ingress, ...ingress } });
  t.throws(bad({ enabled: 'yes' }), { message: 'deploy config: ingress.enabled must be true or false' });
  t.throws(bad({ host: '10.0.0.1' }), { message: /^deploy config: ingress\.host must match/ });
  t.throws(bad({ host: 'Judge Host' }), { message: /^deploy config: ingress\.host must match/ });
  t.throws(bad({ tlsSecret: 'x' }), { message: /^deploy config: ingress\.tlsSecret is not a known field/ });
  t.throws(bad({ certManagerClusterIssuer: 'Bad_Issuer' }), { message: /^deploy config: ingress\.certManagerClusterIssuer must match/ });
  t.throws(bad({ annotations: { 'a/b': 1 } }), { message: 'deploy config: ingress.annotations.a/b must be a string' });
});

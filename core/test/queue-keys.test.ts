import test from 'ava';
import { executorStatusKey } from '../src/executor-status.js';
import { jobLanguageKey, QUEUE_PREFIX, queueKeys } from '../src/queue/index.js';

test('queueKeys are the Redis keys Bull uses under its default prefix', (t) => {
  t.is(QUEUE_PREFIX, 'bull');
  const { job, ...lists } = queueKeys('python');
  t.deepEqual(lists, {
    wait: 'bull:python:wait',
    active: 'bull:python:active',
    paused: 'bull:python:paused',
    delayed: 'bull:python:delayed',
    completed: 'bull:python:completed',
    failed: 'bull:python:failed',
    stalled: 'bull:python:stalled',
    stalledCheck: 'bull:python:stalled-check',
    progress: 'bull:python:progress',
  });
  t.is(job('3b241101-e2bb-4255-8caf-4136c566a962'), 'bull:python:3b241101-e2bb-4255-8caf-4136c566a962');
  t.is(queueKeys('c-sharp').wait, 'bull:c-sharp:wait');
});

test('jobLanguageKey', (t) => {
  t.is(jobLanguageKey('3b241101-e2bb-4255-8caf-4136c566a962'), 'sentinel:job:3b241101-e2bb-4255-8caf-4136c566a962:language');
});

test('executorStatusKey', (t) => {
  t.is(executorStatusKey('host-1'), 'sentinel:executor:host-1');
});

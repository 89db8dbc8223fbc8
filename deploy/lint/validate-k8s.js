#!/usr/bin/env node
// validate-k8s.js DIR - validates every Kubernetes manifest under DIR offline.
//
// 1. Each document is checked against the Kubernetes OpenAPI schema of its apiVersion/kind
//    (npm kubernetes-models; no API server needed, unlike `kubectl --dry-run`).
// 2. dure's own rules: every Deployment's containers have liveness (/healthz) and readiness
//    (/readyz) probes on a declared port, resource requests and limits, run as non-root; its
//    selector matches its pod labels; a Service, a PodDisruptionBudget and a
//    HorizontalPodAutoscaler select or target it; ConfigMaps and Secrets it refers to exist;
//    every file is listed in kustomization.yaml.
// Prints one line per problem and exits 1 when there is any.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

const dir = process.argv[2] || path.join(__dirname, '..', 'k8s');
const problems = [];
const problem = (where, text) => problems.push(`${where}: ${text}`);

// apiVersion -> module of kubernetes-models
function modelFor(apiVersion, kind) {
  const mod = apiVersion.includes('/') ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
  let exports;
  try {
    exports = require(mod);
  } catch (e) {
    return null;
  }
  return exports[kind] || null;
}

const docs = []; // {file, doc}
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
for (const file of files) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  let loaded;
  try {
    loaded = yaml.loadAll(text);
  } catch (e) {
    problem(file, `YAML: ${e.message}`);
    continue;
  }
  for (const doc of loaded) {
    if (doc == null) continue;
    docs.push({ file, doc });
  }
}

let checked = 0;
for (const { file, doc } of docs) {
  const where = `${file} ${doc.kind || '?'}/${(doc.metadata && doc.metadata.name) || '?'}`;
  if (!doc.apiVersion || !doc.kind) {
    problem(where, 'apiVersion and kind are required');
    continue;
  }
  if (doc.kind === 'Kustomization') continue;
  const Model = modelFor(doc.apiVersion, doc.kind);
  if (!Model) {
    problem(where, `unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`);
    continue;
  }
  try {
    new Model(doc).validate();
    checked++;
  } catch (e) {
    problem(where, `schema: ${e.message}`);
  }
}

// -- dure's rules ------------------------------------------------------------------------
const byKind = (kind) => docs.filter((d) => d.doc.kind === kind);
const names = (kind) => new Set(byKind(kind).map((d) => d.doc.metadata.name));
const configMaps = names('ConfigMap');
const secrets = names('Secret');
const matches = (selector, labels) =>
  selector && Object.entries(selector).every(([k, v]) => labels && labels[k] === v);

for (const { file, doc } of byKind('Deployment')) {
  const name = doc.metadata.name;
  const where = `${file} Deployment/${name}`;
  const spec = doc.spec || {};
  const pod = (spec.template && spec.template.spec) || {};
  const podLabels = (spec.template && spec.template.metadata && spec.template.metadata.labels) || {};
  if (!matches(spec.selector && spec.selector.matchLabels, podLabels))
    problem(where, 'selector.matchLabels does not match the pod labels');
  const sc = pod.securityContext || {};
  if (sc.runAsNonRoot !== true) problem(where, 'pod securityContext.runAsNonRoot must be true');
  for (const c of pod.containers || []) {
    const cw = `${where} container ${c.name}`;
    const ports = new Set((c.ports || []).flatMap((p) => [p.containerPort, p.name]));
    for (const [probe, want] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']]) {
      const p = c[probe];
      if (!p || !p.httpGet) {
        problem(cw, `${probe} (HTTP ${want}) missing`);
        continue;
      }
      if (p.httpGet.path !== want) problem(cw, `${probe} path ${p.httpGet.path}, expected ${want}`);
      if (!ports.has(p.httpGet.port)) problem(cw, `${probe} port ${p.httpGet.port} is not a declared port`);
    }
    const r = c.resources || {};
    for (const part of ['requests', 'limits'])
      for (const res of ['cpu', 'memory'])
        if (!r[part] || !r[part][res]) problem(cw, `resources.${part}.${res} missing`);
    for (const e of c.envFrom || []) {
      if (e.configMapRef && !configMaps.has(e.configMapRef.name))
        problem(cw, `envFrom ConfigMap ${e.configMapRef.name} not defined`);
      if (e.secretRef && !secrets.has(e.secretRef.name))
        problem(cw, `envFrom Secret ${e.secretRef.name} not defined`);
    }
  }
  for (const v of pod.volumes || []) {
    if (v.secret && !secrets.has(v.secret.secretName))
      problem(where, `volume ${v.name}: Secret ${v.secret.secretName} not defined`);
    if (v.configMap && !configMaps.has(v.configMap.name))
      problem(where, `volume ${v.name}: ConfigMap ${v.configMap.name} not defined`);
  }
  const svc = byKind('Service').find((s) => matches(s.doc.spec && s.doc.spec.selector, podLabels));
  if (!svc) problem(where, 'no Service selects its pods');
  const pdb = byKind('PodDisruptionBudget').find((p) =>
    matches(p.doc.spec && p.doc.spec.selector && p.doc.spec.selector.matchLabels, podLabels));
  if (!pdb) problem(where, 'no PodDisruptionBudget selects its pods');
  const hpa = byKind('HorizontalPodAutoscaler').find((h) => {
    const t = h.doc.spec && h.doc.spec.scaleTargetRef;
    return t && t.kind === 'Deployment' && t.name === name;
  });
  if (!hpa) problem(where, 'no HorizontalPodAutoscaler targets it');
}

const kust = docs.find((d) => d.doc.kind === 'Kustomization');
if (kust) {
  const listed = new Set(kust.doc.resources || []);
  for (const f of files)
    if (f !== kust.file && !listed.has(f)) problem('kustomization.yaml', `${f} is not listed in resources`);
  for (const f of listed) if (!files.includes(f)) problem('kustomization.yaml', `${f} does not exist`);
}

for (const p of problems) console.log(p);
console.log(`k8s: ${docs.length} documents in ${files.length} files, ${checked} schema-valid, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);

#!/usr/bin/env node
// validate-dashboard.js FILE.json [RULES_OUT.yml] - checks a Grafana dashboard offline.
//
// Parses the JSON and checks its shape: a uid and title, unique panel ids, a gridPos for each
// panel, a non-empty expression with a refId for each query, only dure's metric names (and
// `up`). With RULES_OUT it also writes every expression, Grafana's $__rate_interval and
// $__range replaced by 5m, as a recording rule file, so `promtool check rules` parses the
// PromQL (scripts/deploy-lint.sh does). Exits 1 on any problem.
'use strict';
const fs = require('fs');
const [file, rulesOut] = process.argv.slice(2);
const problems = [];
let dash;
try {
  dash = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`${file}: ${e.message}`);
  process.exit(1);
}
const known = new Set(['up', 'dure_messages_total', 'dure_batch_items_bucket', 'dure_batch_failures_total',
  'dure_relay_sent_total', 'dure_relay_timeouts_total', 'dure_outbox_backlog', 'dure_outbox_lag_seconds',
  'dure_packaging_grams_total', 'dure_packaging_space_ratio_percent_bucket',
  'dure_packaging_space_ratio_percent_count', 'dure_packaging_volume_cm3_bucket',
  'dure_packaging_violations_total', 'dure_packaging_records_total']);
const words = new Set(['sum', 'by', 'rate', 'increase', 'max', 'min', 'scalar', 'histogram_quantile',
  'le', 'service', 'consumer', 'material', 'rule_set', 'type', 'code', 'job', 'instance', 'without',
  'avg', 'count', 'and', 'or', 'unless', 'on', 'ignoring', 'stage']);
if (!dash.uid) problems.push('uid missing');
if (!dash.title) problems.push('title missing');
if (!Array.isArray(dash.panels) || dash.panels.length === 0) problems.push('no panels');
const ids = new Set();
const exprs = [];
for (const p of dash.panels || []) {
  const where = `panel ${p.id} "${p.title}"`;
  if (typeof p.id !== 'number') problems.push(`${where}: id must be a number`);
  if (ids.has(p.id)) problems.push(`${where}: duplicate id`);
  ids.add(p.id);
  const g = p.gridPos || {};
  if (!['x', 'y', 'w', 'h'].every((k) => Number.isInteger(g[k]))) problems.push(`${where}: gridPos incomplete`);
  if (p.type === 'row') continue;
  if (!p.targets || p.targets.length === 0) problems.push(`${where}: no queries`);
  for (const t of p.targets || []) {
    if (!t.refId) problems.push(`${where}: query without refId`);
    if (!t.expr || !t.expr.trim()) {
      problems.push(`${where}: empty expression`);
      continue;
    }
    const bare = t.expr.replace(/"[^"]*"/g, '""').replace(/\$__\w+/g, '5m').replace(/\[[^\]]*\]/g, '');
    for (const name of bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) || []) {
      if (words.has(name) || /^\d/.test(name)) continue;
      if (!known.has(name)) problems.push(`${where}: unknown metric or word "${name}"`);
    }
    exprs.push({ where, expr: t.expr.replace(/\$__rate_interval|\$__range|\$__interval/g, '5m') });
  }
}
if (rulesOut) {
  const lines = ['groups:', '  - name: dashboard-expressions', '    rules:'];
  exprs.forEach((e, i) => {
    lines.push(`      - record: dashboard:expr_${i}`);
    lines.push(`        expr: ${JSON.stringify(e.expr)}`);
  });
  fs.writeFileSync(rulesOut, lines.join('\n') + '\n');
}
for (const p of problems) console.log(`${file}: ${p}`);
console.log(`dashboard: ${(dash.panels || []).length} panels, ${exprs.length} expressions, ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);

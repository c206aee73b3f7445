// Compiles the bridge contracts with solc-js (the exact version in
// package.json) and writes build/<Contract>.abi and build/<Contract>.bin.
// Run by gen.sh; the output is deterministic for the same sources and
// compiler: no absolute paths reach the compiler, so the metadata hash at
// the end of each bytecode does not depend on where the checkout is.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

// EVM version: cancun runs on every current Ethereum client, on geth --dev
// and on go-ethereum's simulated backend, and on most EVM chains.
const EVM_VERSION = 'cancun';
const CONTRACTS = ['RelaySigners', 'BridgeVault', 'WrappedToken', 'Anchor', 'TestToken'];

const here = __dirname;
const sources = {};
for (const name of CONTRACTS) {
  const file = name + '.sol';
  sources[file] = { content: fs.readFileSync(path.join(here, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

function findImports(importPath) {
  // Imports are either our own files or npm packages under node_modules.
  const candidates = [path.join(here, importPath), path.join(here, 'node_modules', importPath)];
  for (const c of candidates) {
    const resolved = path.resolve(c);
    if (!resolved.startsWith(here + path.sep)) continue;
    if (fs.existsSync(resolved)) return { contents: fs.readFileSync(resolved, 'utf8') };
  }
  return { error: 'not found: ' + importPath };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
let failed = false;
for (const e of output.errors || []) {
  if (e.severity === 'error') failed = true;
  process.stderr.write(e.formattedMessage + '\n');
}
if (failed) process.exit(1);

const out = path.join(here, 'build');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out);
for (const name of CONTRACTS) {
  const c = output.contracts[name + '.sol'][name];
  fs.writeFileSync(path.join(out, name + '.abi'), JSON.stringify(c.abi, null, 2) + '\n');
  fs.writeFileSync(path.join(out, name + '.bin'), c.evm.bytecode.object + '\n');
}
fs.writeFileSync(
  path.join(out, 'VERSION'),
  'solc ' + solc.version() + '\nevmVersion ' + EVM_VERSION + '\noptimizer runs 200\n',
);

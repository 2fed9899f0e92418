/**
 * A minimal client of yaml-language-server (the server behind VS Code's YAML
 * extension): opens one YAML file and returns the diagnostics it publishes
 * and the completion items at a position, as an editor would show them.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './tools.js';

interface Message {
  id?: number;
  method?: string;
  params?: { diagnostics?: { message: string }[]; items?: unknown[] };
  result?: { items?: { label: string }[] } | { label: string }[] | null;
}

export async function yamlEditor(file: string, position: { line: number; character: number }): Promise<{ diagnostics: string[]; completion: string[] }> {
  const server = spawn(process.execPath, [join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buffer = Buffer.alloc(0);
  let id = 0;
  const pending = new Map<number, (m: Message) => void>();
  let diagnostics: string[] = [];
  const send = (m: object) => {
    const s = JSON.stringify({ jsonrpc: '2.0', ...m });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
  };
  server.stdout.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const head = buffer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())![1]);
      if (buffer.length < head + 4 + length) return;
      const msg = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString()) as Message;
      buffer = buffer.subarray(head + 4 + length);
      if (msg.id !== undefined && !msg.method) {
        pending.get(msg.id)?.(msg);
        pending.delete(msg.id);
      } else if (msg.method === 'textDocument/publishDiagnostics') diagnostics = (msg.params?.diagnostics ?? []).map((x) => x.message);
      else if (msg.id !== undefined) send({ id: msg.id, result: msg.method === 'workspace/configuration' ? [{ validate: true, completion: true, schemaStore: { enable: false } }] : null });
    }
  });
  const request = (method: string, params: object) =>
    new Promise<Message>((resolve) => {
      const i = ++id;
      pending.set(i, resolve);
      send({ id: i, method, params });
    });
  try {
    const uri = pathToFileURL(file).href;
    await request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    send({ method: 'initialized', params: {} });
    send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } } } });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } } });
    // Completion waits for the schema to be loaded; the diagnostics come with it.
    const c = await request('textDocument/completion', { textDocument: { uri }, position });
    await new Promise((r) => setTimeout(r, 1500));
    const result = c.result;
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { diagnostics, completion: items.map((i) => i.label) };
  } finally {
    server.kill();
  }
}

// The reference side of the end-to-end benchmark (benchmarks/e2e/run.sh): the job batch_infer -pipeline does, written
// the plain way with the official OpenAI SDK. Split the input into files of --lines-per-chunk requests, keep
// --in-flight batches running (upload, create, poll, download), then merge the answers by custom_id in input order.
//
// node reference-openai.mjs --input FILE --work DIR --base-url URL [--lines-per-chunk 500] [--in-flight 16]
//                           [--poll-ms 500] [--model NAME] [--max-tokens N]
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import OpenAI from 'openai';

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

const args = parseArgs(process.argv.slice(2), {
  'lines-per-chunk': '500', 'in-flight': '16', 'poll-ms': '500', model: 'bench-model', 'max-tokens': '1024',
});
const linesPerChunk = Number(args['lines-per-chunk']);
const inFlight = Number(args['in-flight']);
const pollMs = Number(args['poll-ms']);
const chunksDir = path.join(args.work, 'chunks');
const answersDir = path.join(args.work, 'answers');
fs.mkdirSync(chunksDir, { recursive: true });
fs.mkdirSync(answersDir, { recursive: true });

const client = new OpenAI({ baseURL: args['base-url'], apiKey: process.env.OPENAI_API_KEY ?? 'benchmark' });

const chunks = await split(args.input);
let next = 0;
await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, async () => {
  while (next < chunks.length) {
    await runBatch(chunks[next++]);
  }
}));
const written = await merge(chunks, path.join(args.work, 'output.jsonl'));
console.log(`reference: ${chunks.length} batches, ${written} lines in ${path.join(args.work, 'output.jsonl')}`);

/** Writes chunk files of batch request lines; custom_id is the 1-based line number, as batch_infer numbers them. */
async function split(input) {
  const result = [];
  let lineNumber = 0;
  let out = null;
  for await (const line of readline.createInterface({ input: fs.createReadStream(input), crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') {
      continue;
    }
    if (out === null || out.count === linesPerChunk) {
      await close(out);
      const file = path.join(chunksDir, `chunk-${String(result.length + 1).padStart(5, '0')}.jsonl`);
      out = { file, stream: fs.createWriteStream(file), count: 0, first: lineNumber, last: lineNumber };
      result.push(out);
    }
    const record = JSON.parse(line);
    const request = {
      custom_id: String(lineNumber),
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: args.model, messages: record.messages, max_tokens: Number(args['max-tokens']) },
    };
    if (!out.stream.write(JSON.stringify(request) + '\n')) {
      await new Promise((resolve) => out.stream.once('drain', resolve));
    }
    out.count++;
    out.last = lineNumber;
  }
  await close(out);
  return result;
}

async function close(chunk) {
  if (chunk !== null) {
    await new Promise((resolve, reject) => chunk.stream.end((error) => (error ? reject(error) : resolve())));
  }
}

/** One chunk through the Batch API: upload, create, poll until terminal, download the output file to disk. */
async function runBatch(chunk) {
  const file = await client.files.create({ file: fs.createReadStream(chunk.file), purpose: 'batch' });
  let batch = await client.batches.create({
    input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h',
  });
  while (!TERMINAL.has(batch.status)) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    batch = await client.batches.retrieve(batch.id);
  }
  if (batch.status !== 'completed' || !batch.output_file_id) {
    throw new Error(`batch ${batch.id} for ${chunk.file} ended ${batch.status}`);
  }
  chunk.answers = path.join(answersDir, path.basename(chunk.file));
  const content = await client.files.content(batch.output_file_id);
  await pipeline(content.body, fs.createWriteStream(chunk.answers));
}

/** Chunks cover consecutive line ranges, so the merge orders one chunk's answers at a time. */
async function merge(chunkList, outputPath) {
  const output = fs.createWriteStream(outputPath);
  let written = 0;
  for (const chunk of chunkList) {
    const slots = new Array(chunk.last - chunk.first + 1);
    for await (const line of readline.createInterface({ input: fs.createReadStream(chunk.answers), crlfDelay: Infinity })) {
      if (line !== '') {
        slots[Number(JSON.parse(line).custom_id) - chunk.first] = line;
      }
    }
    for (const line of slots) {
      if (line !== undefined && !output.write(line + '\n')) {
        await new Promise((resolve) => output.once('drain', resolve));
      }
      written += line !== undefined ? 1 : 0;
    }
  }
  await new Promise((resolve, reject) => output.end((error) => (error ? reject(error) : resolve())));
  return written;
}

function parseArgs(argv, defaults) {
  const parsed = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`expected --name value pairs, got '${argv[i]}'`);
    }
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ['input', 'work', 'base-url']) {
    if (parsed[required] === undefined) {
      throw new Error(`--${required} is required`);
    }
  }
  return parsed;
}

// node check-output.mjs FILE N: exits 0 when FILE has exactly N lines whose custom_id is 1, 2, … N in that order
// (input order: custom_id is the input's line number), else prints the first difference and exits 1.
import fs from 'node:fs';
import readline from 'node:readline';

const [file, expected] = [process.argv[2], Number(process.argv[3])];
let count = 0;
for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
  count++;
  const customId = JSON.parse(line).custom_id;
  if (customId !== String(count)) {
    console.error(`${file}: line ${count} has custom_id ${customId}, expected ${count}`);
    process.exit(1);
  }
}
if (count !== expected) {
  console.error(`${file}: ${count} lines, expected ${expected}`);
  process.exit(1);
}

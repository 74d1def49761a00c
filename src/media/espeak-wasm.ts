import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import ESpeakNg from 'espeak-ng';

/**
 * eSpeak NG compiled to WebAssembly (npm package `espeak-ng`, GPL-3.0-or-later, used unmodified as
 * a program): Vietnamese speech on a machine without the system espeak-ng. Each call runs the
 * command line once in a fresh instance; the compiled module is kept, so only the first call pays
 * for compiling the 18 MB binary. CPU-heavy (about a second): call it from a worker thread.
 */
let compiled: Promise<WebAssembly.Module> | undefined;

function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    const main = createRequire(import.meta.url).resolve('espeak-ng');
    return WebAssembly.compile(await readFile(main.replace(/\.js$/, '.wasm')));
  })();
  return compiled;
}

/** Compiles the WebAssembly module ahead of the first answer read aloud. */
export async function warmEspeak(): Promise<void> {
  await wasmModule();
}

/** Synthesises `text` with the Vietnamese voice at `rate` words per minute; resolves a WAV. */
export async function espeakWasm(text: string, rate: number, voice = 'vi'): Promise<Uint8Array> {
  const module = await wasmModule();
  const errors: string[] = [];
  const out = '/speech.wav';
  const instance = await ESpeakNg({
    // `--` ends the options, so knowledge text starting with a dash is never read as one
    arguments: ['-v', voice, '-s', String(rate), '-w', out, '--', text],
    print: () => undefined,
    printErr: (line) => errors.push(line),
    instantiateWasm(imports, done) {
      void WebAssembly.instantiate(module, imports).then((inst) => done(inst, module));
      return {};
    },
  });
  try {
    return instance.FS.readFile(out);
  } catch {
    throw new Error(`ESPEAK_WASM_FAILED: ${errors.join(' ').slice(0, 200) || 'no audio written'}`);
  }
}

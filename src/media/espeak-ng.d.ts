// The espeak-ng npm package (eSpeak NG compiled to WebAssembly by Emscripten) ships no types.
declare module 'espeak-ng' {
  interface ESpeakInstance {
    FS: { readFile(path: string): Uint8Array; unlink(path: string): void };
  }
  interface ESpeakOptions {
    arguments: string[];
    print?: (text: string) => void;
    printErr?: (text: string) => void;
    instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
  }
  const ESpeakNg: (options: ESpeakOptions) => Promise<ESpeakInstance>;
  export default ESpeakNg;
}

/** @ffmpeg/core ships no types: the factory its ESM build exports (used by speech-encoder.ts). */
declare module '@ffmpeg/core' {
  const createFFmpegCore: (module: object) => Promise<unknown>;
  export default createFFmpegCore;
}

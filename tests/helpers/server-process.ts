/** The crash tests' name for startBotProcess: the server runs as one process, so kill -9 hits it. */
export { startBotProcess as startServerProcess } from './process.js';

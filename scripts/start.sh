#!/bin/sh
# The production start (`npm start` runs it after the build): the compiled server with its memory
# settings. glibc reads MALLOC_* once, when the process starts, so they are set here; the shell
# then becomes node (exec: same pid, signals go straight to the server). A value already in the
# environment wins; NODE_MEMORY_FLAGS= (empty) starts node without the V8 flags. See README, "Memory".
#   MALLOC_ARENA_MAX=2            two malloc arenas instead of one per thread (8 per core): memory the
#                                 V8 and libuv threads freed is reused instead of staying resident
#   MALLOC_MMAP_THRESHOLD_=131072 a fixed threshold: blocks of 128 KB or more (file buffers, big
#                                 strings) go back to the system when freed; glibc's moving threshold
#                                 rises to 32 MB after one big free and kept those in the heap
#   --max-semi-space-size=4       V8's young generation at most 3 × 4 MB (default 3 × 16 MB)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
: "${NODE_MEMORY_FLAGS=--max-semi-space-size=4}"
# shellcheck disable=SC2086 # the flags are words
exec "${NODE:-node}" $NODE_MEMORY_FLAGS "$(dirname "$0")/../dist/main.js" "$@"

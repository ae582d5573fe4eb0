#ifndef MENTORMATCH_MEMORY_HINTS_H
#define MENTORMATCH_MEMORY_HINTS_H

/// A hint that the cache line holding `address` is read soon (GCC/Clang's
/// __builtin_prefetch, read, kept in every cache level). No effect on any
/// value; a no-op where the target has no prefetch instruction.
static inline void mm_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif

// MentorMatchMemoryHints is header-only (static inline functions imported into Swift);
// SwiftPM needs one source file to build the target.
#include "MemoryHints.h"

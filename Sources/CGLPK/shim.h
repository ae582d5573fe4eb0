// The system GLPK library (Debian: libglpk-dev; Homebrew: glpk).
// Debian ships no glpk.pc, so no pkg-config: the header is found on the
// default include path and the library is linked by name.
#include <glpk.h>

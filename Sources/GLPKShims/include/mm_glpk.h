// Guarded entry points into GLPK for MentorMatch.
//
// GLPK calls abort() on internal errors unless its error hook jumps out. Swift
// cannot setjmp, so every GLPK call happens inside one of these C functions,
// under a setjmp guard, with no Swift frame between setjmp and a possible
// longjmp. GLPK's state is thread-local: each function creates, solves, reads
// and deletes its problem on the calling thread and frees the environment
// before returning, so no GLPK object ever outlives the call.
#ifndef MM_GLPK_H
#define MM_GLPK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A sparse program, rows in CSR form, all indices 0-based. This header and its
/// .c file are the only place where indices become GLPK's 1-based ones.
typedef struct mm_glpk_model {
    int num_rows;
    int num_cols;
    int maximize;
    double obj_constant;
    const double *col_obj;      // num_cols
    const double *col_lb;       // num_cols, -HUGE_VAL for none
    const double *col_ub;       // num_cols, +HUGE_VAL for none
    const unsigned char *col_integer; // num_cols, 1 = integer
    const double *row_lb;       // num_rows, -HUGE_VAL for none
    const double *row_ub;       // num_rows, +HUGE_VAL for none
    const long *row_start;      // num_rows + 1
    const int *entry_col;       // row_start[num_rows]
    const double *entry_val;    // row_start[num_rows]
    // Optional names (for exports): NUL-terminated strings in one buffer,
    // columns first, then rows; name_offset has num_cols + num_rows entries.
    const char *names;
    const long *name_offset;
} mm_glpk_model;

/// Progress seen by the branch-and-bound callback.
typedef void (*mm_glpk_progress_fn)(void *context, int stage, double incumbent, int has_incumbent,
                                    double bound, int has_bound);

typedef struct mm_glpk_params {
    double time_limit_seconds;  // <= 0: none
    double mip_gap;             // relative gap, 0 for optimality
    int presolve;               // 1: use GLPK's LP presolver
    int stop_at_first_solution; // 1: stop at the first integer solution (feasibility checks)
    int simplex_chunk;          // iterations between cancellation checks in the LP stage
    int *cancel_flag;           // read atomically; non-zero requests a stop
    mm_glpk_progress_fn progress;
    void *progress_context;
    const double *start_values; // NULL, or num_cols column values (0-based) of a feasible
                                // solution, offered once to branch and bound as an incumbent
                                // (only without presolve, where columns keep their numbers)
    int lp_only;                // 1: solve the LP relaxation only (no presolve); col_value gets the
                                // LP solution, row_dual (if given) the row duals, objective the LP value
    double tol_obj;             // branch and bound's relative objective tolerance (glp_iocp.tol_obj);
                                // outside (0, 1e-7]: GLPK's default 1e-7
} mm_glpk_params;

enum {
    MM_STATUS_OPTIMAL = 0,      // integer optimum (within mip_gap)
    MM_STATUS_FEASIBLE = 1,     // integer solution, stopped by a limit
    MM_STATUS_INFEASIBLE = 2,   // no integer solution exists
    MM_STATUS_NO_SOLUTION = 3,  // stopped by a limit with no integer solution
    MM_STATUS_UNBOUNDED = 4,    // LP relaxation unbounded
    MM_STATUS_ERROR = 5,        // GLPK failed (see message)
};

enum {
    MM_LIMIT_NONE = 0,
    MM_LIMIT_TIME = 1,
    MM_LIMIT_CANCELLED = 2,
    MM_LIMIT_GAP = 3,
};

typedef struct mm_glpk_result {
    int status;                 // MM_STATUS_*
    int limit;                  // MM_LIMIT_*
    int internal_error;         // 1 when GLPK's error hook fired
    int glpk_code;              // the glp_simplex / glp_intopt return code
    double objective;           // of the integer solution, incl. obj_constant
    double bound;               // best proven bound, incl. obj_constant
    int has_bound;
    double lp_bound;            // LP relaxation value, incl. obj_constant
    int has_lp_bound;
    double *col_value;          // caller-owned, num_cols; filled for OPTIMAL/FEASIBLE
    double *row_dual;           // caller-owned, num_rows, or NULL; filled after the LP relaxation
    int start_status;           // -1: no start offered (none given, or never asked), 0: rejected, 1: accepted
    char message[1024];         // GLPK's last words on error
} mm_glpk_result;

/// Solves the model as a MIP: LP relaxation by the simplex method in chunks
/// (so cancellation is seen), then branch and bound. Never aborts.
void mm_glpk_solve(const mm_glpk_model *model, const mm_glpk_params *params, mm_glpk_result *result);

/// Writes the model as CPLEX LP (format 0) or free MPS (format 1).
/// Returns 0 on success; otherwise fills message.
int mm_glpk_write(const mm_glpk_model *model, const char *path, int format, char *message, size_t message_size);

/// Sets a cancellation flag atomically (from any thread).
void mm_glpk_request_stop(int *flag);

/// GLPK's version string, e.g. "5.0".
const char *mm_glpk_version(void);

/// Makes GLPK raise an internal error under the guard (a column index out of
/// range) and returns 1 when the guard caught it, with GLPK's message. Used by
/// the tests to prove that an internal error does not end the process.
int mm_glpk_selftest_internal_error(char *message, size_t message_size);

#ifdef __cplusplus
}
#endif

#endif

// Guarded GLPK entry points: see include/mm_glpk.h.
#include "mm_glpk.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// ---------------------------------------------------------------- the guard
typedef struct mm_guard {
    jmp_buf jump;
    char text[1024];  // the tail of GLPK's terminal output (never printed)
    size_t length;
} mm_guard;

static int mm_term_hook(void *info, const char *s) {
    mm_guard *g = (mm_guard *)info;
    size_t n = strlen(s);
    if (n >= sizeof(g->text)) {
        s += n - (sizeof(g->text) - 1);
        n = sizeof(g->text) - 1;
    }
    if (g->length + n >= sizeof(g->text)) {
        size_t drop = g->length + n - (sizeof(g->text) - 1);
        memmove(g->text, g->text + drop, g->length - drop);
        g->length -= drop;
    }
    memcpy(g->text + g->length, s, n);
    g->length += n;
    g->text[g->length] = 0;
    return 1;  // suppress terminal output
}

static void mm_error_hook(void *info) {
    mm_guard *g = (mm_guard *)info;
    longjmp(g->jump, 1);
}

static void mm_guard_install(mm_guard *g) {
    g->length = 0;
    g->text[0] = 0;
    glp_term_hook(mm_term_hook, g);
    glp_error_hook(mm_error_hook, g);
}

static void mm_copy_message(const mm_guard *g, char *out, size_t size) {
    if (size == 0) return;
    // Keep the last non-empty line(s): GLPK prints "Error detected in file ..." last.
    const char *text = g->text;
    while (*text == '\n' || *text == ' ') text++;
    snprintf(out, size, "%s", text);
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ')) out[--n] = 0;
    for (size_t k = 0; k < n; k++) if (out[k] == '\n') out[k] = ' ';
}

static double mm_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void mm_glpk_request_stop(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_SEQ_CST); }

static int mm_stop_requested(const int *flag) {
    return flag != NULL && __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

const char *mm_glpk_version(void) { return glp_version(); }

// ---------------------------------------------------------------- loading
static int mm_bound_type(double lb, double ub) {
    int has_lb = isfinite(lb), has_ub = isfinite(ub);
    if (has_lb && has_ub) return lb == ub ? GLP_FX : GLP_DB;
    if (has_lb) return GLP_LO;
    if (has_ub) return GLP_UP;
    return GLP_FR;
}

// The one place where 0-based indices become GLPK's 1-based ones.
static void mm_load(glp_prob *P, const mm_glpk_model *m) {
    glp_set_obj_dir(P, m->maximize ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, m->obj_constant);
    if (m->num_rows > 0) glp_add_rows(P, m->num_rows);
    if (m->num_cols > 0) glp_add_cols(P, m->num_cols);
    for (int j = 0; j < m->num_cols; j++) {
        if (m->col_integer[j]) glp_set_col_kind(P, j + 1, GLP_IV);
        glp_set_col_bnds(P, j + 1, mm_bound_type(m->col_lb[j], m->col_ub[j]), m->col_lb[j], m->col_ub[j]);
        glp_set_obj_coef(P, j + 1, m->col_obj[j]);
    }
    for (int i = 0; i < m->num_rows; i++) {
        glp_set_row_bnds(P, i + 1, mm_bound_type(m->row_lb[i], m->row_ub[i]), m->row_lb[i], m->row_ub[i]);
    }
    long ne = m->num_rows > 0 ? m->row_start[m->num_rows] : 0;
    if (ne > INT_MAX - 1) {
        // glp_load_matrix takes an int count; the caller checks this first.
        glp_error("mm_load: %ld entries exceed GLPK's limit\n", ne);
    }
    if (ne > 0) {
        int *ia = glp_alloc((int)ne + 1, sizeof(int));
        int *ja = glp_alloc((int)ne + 1, sizeof(int));
        double *ar = glp_alloc((int)ne + 1, sizeof(double));
        long k = 1;
        for (int i = 0; i < m->num_rows; i++) {
            for (long e = m->row_start[i]; e < m->row_start[i + 1]; e++, k++) {
                ia[k] = i + 1;
                ja[k] = m->entry_col[e] + 1;
                ar[k] = m->entry_val[e];
            }
        }
        glp_load_matrix(P, (int)ne, ia, ja, ar);
        glp_free(ia);
        glp_free(ja);
        glp_free(ar);
    }
    if (m->names != NULL && m->name_offset != NULL) {
        for (int j = 0; j < m->num_cols; j++) glp_set_col_name(P, j + 1, m->names + m->name_offset[j]);
        for (int i = 0; i < m->num_rows; i++)
            glp_set_row_name(P, i + 1, m->names + m->name_offset[m->num_cols + i]);
    }
}

// ---------------------------------------------------------------- solving
typedef struct mm_callback_context {
    const mm_glpk_params *params;
    int cancelled;
    int stopped_at_first;
    double bound;
    int has_bound;
    int maximize;
    int num_cols;
    int start_status;           // as mm_glpk_result.start_status
} mm_callback_context;

static void mm_callback(glp_tree *T, void *info) {
    mm_callback_context *c = (mm_callback_context *)info;
    if (mm_stop_requested(c->params->cancel_flag)) {
        c->cancelled = 1;
        glp_ios_terminate(T);
        return;
    }
    int reason = glp_ios_reason(T);
    int best = glp_ios_best_node(T);
    if (best != 0) {
        c->bound = glp_ios_node_bound(T, best);
        c->has_bound = 1;
    }
    if (reason == GLP_IHEUR && c->params->start_values != NULL && c->start_status < 0) {
        // The one place where the start's 0-based values become GLPK's 1-based array.
        glp_prob *P = glp_ios_get_prob(T);
        if (glp_get_num_cols(P) == c->num_cols) {
            double *x = (double *)malloc(sizeof(double) * (size_t)(c->num_cols + 1));
            if (x != NULL) {
                x[0] = 0.0;
                for (int j = 0; j < c->num_cols; j++) x[j + 1] = c->params->start_values[j];
                c->start_status = glp_ios_heur_sol(T, x) == 0 ? 1 : 0;
                free(x);
            }
        }
    }
    if (reason == GLP_IBINGO && c->params->stop_at_first_solution) {
        c->stopped_at_first = 1;
        glp_ios_terminate(T);
    }
    if (c->params->progress != NULL && (reason == GLP_IBINGO || reason == GLP_ISELECT)) {
        glp_prob *P = glp_ios_get_prob(T);
        int has_incumbent = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
        double incumbent = has_incumbent ? glp_mip_obj_val(P) : 0.0;
        c->params->progress(c->params->progress_context, 1, incumbent, has_incumbent, c->bound, c->has_bound);
    }
}

static int mm_remaining_ms(const mm_glpk_params *p, double start, int *expired) {
    *expired = 0;
    if (p->time_limit_seconds <= 0) return INT_MAX;
    double left = p->time_limit_seconds - (mm_now() - start);
    if (left <= 0) {
        *expired = 1;
        return 0;
    }
    double ms = ceil(left * 1000.0);
    return ms >= (double)INT_MAX ? INT_MAX : (int)ms;
}

void mm_glpk_solve(const mm_glpk_model *model, const mm_glpk_params *params, mm_glpk_result *result) {
    mm_guard guard;
    result->status = MM_STATUS_ERROR;
    result->limit = MM_LIMIT_NONE;
    result->internal_error = 0;
    result->glpk_code = 0;
    result->has_bound = 0;
    result->has_lp_bound = 0;
    result->message[0] = 0;
    mm_callback_context ctx = {params, 0, 0, 0.0, 0, model->maximize, model->num_cols, -1};
    result->start_status = -1;
    double start = mm_now();

    mm_guard_install(&guard);
    if (setjmp(guard.jump)) {
        result->status = MM_STATUS_ERROR;
        result->internal_error = 1;
        mm_copy_message(&guard, result->message, sizeof(result->message));
        glp_free_env();
        return;
    }
    glp_prob *P = glp_create_prob();
    mm_load(P, model);

    int expired = 0;
    int lp_done = 0;
    if (!params->presolve) {
        // LP relaxation in chunks of iterations, so that a stop request is seen.
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = GLP_MSG_OFF;
        smcp.it_lim = params->simplex_chunk > 0 ? params->simplex_chunk : INT_MAX;
        int ret;
        for (;;) {
            if (mm_stop_requested(params->cancel_flag)) {
                result->status = MM_STATUS_NO_SOLUTION;
                result->limit = MM_LIMIT_CANCELLED;
                goto done;
            }
            smcp.tm_lim = mm_remaining_ms(params, start, &expired);
            if (expired) {
                result->status = MM_STATUS_NO_SOLUTION;
                result->limit = MM_LIMIT_TIME;
                goto done;
            }
            ret = glp_simplex(P, &smcp);
            if (ret == GLP_EITLIM) {
                if (params->progress != NULL) {
                    params->progress(params->progress_context, 0, 0.0, 0, glp_get_obj_val(P), 0);
                }
                continue;
            }
            break;
        }
        result->glpk_code = ret;
        if (ret == GLP_ETMLIM) {
            result->status = MM_STATUS_NO_SOLUTION;
            result->limit = MM_LIMIT_TIME;
            goto done;
        }
        if (ret != 0) {
            snprintf(result->message, sizeof(result->message), "glp_simplex returned code %d", ret);
            result->status = MM_STATUS_ERROR;
            goto done;
        }
        int st = glp_get_status(P);
        if (st == GLP_NOFEAS) {
            result->status = MM_STATUS_INFEASIBLE;
            goto done;
        }
        if (st == GLP_UNBND) {
            result->status = MM_STATUS_UNBOUNDED;
            goto done;
        }
        if (st != GLP_OPT) {
            snprintf(result->message, sizeof(result->message), "LP relaxation ended with status %d", st);
            result->status = MM_STATUS_ERROR;
            goto done;
        }
        result->lp_bound = glp_get_obj_val(P);
        result->has_lp_bound = 1;
        lp_done = 1;
        if (result->row_dual != NULL) {
            for (int i = 0; i < model->num_rows; i++) result->row_dual[i] = glp_get_row_dual(P, i + 1);
        }
        if (params->lp_only) {
            result->status = MM_STATUS_OPTIMAL;
            result->objective = result->lp_bound;
            result->bound = result->lp_bound;
            result->has_bound = 1;
            if (result->col_value != NULL) {
                for (int j = 0; j < model->num_cols; j++) result->col_value[j] = glp_get_col_prim(P, j + 1);
            }
            goto done;
        }
    }

    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = GLP_MSG_OFF;
    iocp.presolve = lp_done ? GLP_OFF : GLP_ON;
    iocp.mip_gap = params->mip_gap;
    if (params->tol_obj > 0 && params->tol_obj <= 1e-7) iocp.tol_obj = params->tol_obj;
    iocp.tm_lim = mm_remaining_ms(params, start, &expired);
    iocp.cb_func = mm_callback;
    iocp.cb_info = &ctx;
    if (expired) {
        result->status = MM_STATUS_NO_SOLUTION;
        result->limit = MM_LIMIT_TIME;
        goto done;
    }
    // A start is offered only where columns keep their numbers (no MIP presolve).
    if (!lp_done) ctx.num_cols = -1;
    int ret = glp_intopt(P, &iocp);
    result->glpk_code = ret;
    result->start_status = ctx.start_status;
    int mst = glp_mip_status(P);
    int have = (mst == GLP_OPT || mst == GLP_FEAS);
    switch (ret) {
    case 0:
        result->status = mst == GLP_OPT ? MM_STATUS_OPTIMAL : (mst == GLP_NOFEAS ? MM_STATUS_INFEASIBLE : MM_STATUS_ERROR);
        break;
    case GLP_EMIPGAP:
        result->status = have ? MM_STATUS_OPTIMAL : MM_STATUS_NO_SOLUTION;
        result->limit = MM_LIMIT_GAP;
        break;
    case GLP_ETMLIM:
        result->status = have ? MM_STATUS_FEASIBLE : MM_STATUS_NO_SOLUTION;
        result->limit = MM_LIMIT_TIME;
        break;
    case GLP_ESTOP:
        result->status = have ? MM_STATUS_FEASIBLE : MM_STATUS_NO_SOLUTION;
        result->limit = ctx.cancelled ? MM_LIMIT_CANCELLED : MM_LIMIT_NONE;
        break;
    case GLP_ENOPFS:
        result->status = MM_STATUS_INFEASIBLE;
        break;
    case GLP_ENODFS:
        result->status = MM_STATUS_UNBOUNDED;
        break;
    default:
        snprintf(result->message, sizeof(result->message), "glp_intopt returned code %d", ret);
        result->status = MM_STATUS_ERROR;
        break;
    }
    if (have && (result->status == MM_STATUS_OPTIMAL || result->status == MM_STATUS_FEASIBLE)) {
        result->objective = glp_mip_obj_val(P);
        if (result->col_value != NULL) {
            for (int j = 0; j < model->num_cols; j++) result->col_value[j] = glp_mip_col_val(P, j + 1);
        }
        if (result->status == MM_STATUS_OPTIMAL && result->limit == MM_LIMIT_NONE) {
            result->bound = result->objective;
            result->has_bound = 1;
        }
    }
    if (!result->has_bound && ctx.has_bound) {
        result->bound = ctx.bound;
        result->has_bound = 1;
    }
    if (!result->has_bound && result->has_lp_bound) {
        result->bound = result->lp_bound;
        result->has_bound = 1;
    }

done:
    glp_delete_prob(P);
    glp_free_env();
}

int mm_glpk_write(const mm_glpk_model *model, const char *path, int format, char *message, size_t message_size) {
    mm_guard guard;
    mm_guard_install(&guard);
    if (setjmp(guard.jump)) {
        mm_copy_message(&guard, message, message_size);
        glp_free_env();
        return 2;
    }
    glp_prob *P = glp_create_prob();
    glp_set_prob_name(P, "mentormatch");
    glp_set_obj_name(P, "score");
    mm_load(P, model);
    int ret = format == 0 ? glp_write_lp(P, NULL, path) : glp_write_mps(P, GLP_MPS_FILE, NULL, path);
    if (ret != 0) mm_copy_message(&guard, message, message_size);
    glp_delete_prob(P);
    glp_free_env();
    return ret == 0 ? 0 : 1;
}

int mm_glpk_selftest_internal_error(char *message, size_t message_size) {
    mm_guard guard;
    mm_guard_install(&guard);
    if (setjmp(guard.jump)) {
        mm_copy_message(&guard, message, message_size);
        glp_free_env();
        return 1;
    }
    glp_prob *P = glp_create_prob();
    glp_add_cols(P, 1);
    glp_set_col_bnds(P, 2, GLP_DB, 0.0, 1.0);  // column 2 does not exist: GLPK's error hook fires
    glp_delete_prob(P);
    glp_free_env();
    return 0;
}

import Foundation
import GLPKShims
import MatchingCore

/// The outcome of one guarded GLPK solve of an ``IntegerProgram``.
struct _GLPKOutcome: Sendable {
    enum Status: Sendable { case optimal, feasible, infeasible, noSolution, unbounded, error }
    var status: Status
    var limit: Termination.Limit
    var objective: Double?
    var bound: Double?
    var lpBound: Double?
    var values: [Double]
    var message: String
    var internalError: Bool
    var seconds: Double
    /// nil: no start offered; true/false: GLPK accepted or rejected it.
    var startAccepted: Bool? = nil
    /// The LP relaxation's row duals (when asked for, and the LP was solved).
    var rowDuals: [Double] = []
}

/// Settings for one guarded run.
struct _GLPKRunSettings: Sendable {
    var deadline: ContinuousClock.Instant?
    var mipGap: Double
    var presolve: Bool
    var stopAtFirstSolution: Bool
    var simplexChunk: Int
    var stage: String
    var progress: (@Sendable (SolveProgress) -> Void)?
    var started: ContinuousClock.Instant
    /// Column values of a feasible solution to offer as the first incumbent.
    var startValues: [Double]? = nil
    /// Solve the LP relaxation only (no presolve): values are the LP
    /// solution, the objective its value, and the row duals are returned.
    var lpOnly = false
    /// Branch and bound's relative objective tolerance; 0 for GLPK's default (1e-7).
    var objectiveTolerance = 0.0
}

/// A stop request shared between a Swift task's cancellation handler and the
/// GLPK thread. The flag is written and read with C atomics.
final class _StopFlag: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Int32>
    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }
    func requestStop() { mm_glpk_request_stop(pointer) }
    deinit { pointer.deallocate() }
}

/// Carries the progress closure through GLPK's C callback.
final class _ProgressBox: @unchecked Sendable {
    let report: @Sendable (SolveProgress) -> Void
    let stage: String
    let started: ContinuousClock.Instant
    init(report: @escaping @Sendable (SolveProgress) -> Void, stage: String, started: ContinuousClock.Instant) {
        self.report = report
        self.stage = stage
        self.started = started
    }
}

enum _GLPKRunner {
    /// Solves `program` on a thread of its own (GLPK's state is thread-local
    /// and a long solve must not hold a thread of the cooperative pool), with
    /// the calling task's cancellation reaching GLPK.
    static func run(_ program: IntegerProgram, _ settings: _GLPKRunSettings) async throws -> _GLPKOutcome {
        try _GLPKModel.checkSize(program)
        let flag = _StopFlag()
        if Task.isCancelled { flag.requestStop() }
        return await withTaskCancellationHandler {
            await runOnDedicatedThread(stackSize: 64 << 20) { solveNow(program, settings, flag) }
        } onCancel: {
            flag.requestStop()
        }
    }

    /// The synchronous solve: create, solve, read and delete inside one C call.
    static func solveNow(_ program: IntegerProgram, _ settings: _GLPKRunSettings, _ flag: _StopFlag) -> _GLPKOutcome {
        let start = ContinuousClock.now
        var values = [Double](repeating: 0, count: program.columnCount)
        var duals = [Double](repeating: 0, count: settings.lpOnly ? program.rowCount : 0)
        var timeLimit = 0.0
        if let deadline = settings.deadline {
            let left = start.duration(to: deadline)
            timeLimit = Swift.max(0.001, left.inSeconds)
        }
        precondition(!settings.lpOnly || !settings.presolve, "the LP-only run has no presolve")
        let box = settings.progress.map { _ProgressBox(report: $0, stage: settings.stage, started: settings.started) }
        let callback: mm_glpk_progress_fn? = box == nil ? nil : { context, stage, incumbent, hasIncumbent, bound, hasBound in
            guard let context else { return }
            let box = Unmanaged<_ProgressBox>.fromOpaque(context).takeUnretainedValue()
            let elapsed = box.started.duration(to: .now)
            box.report(SolveProgress(
                stage: stage == 0 ? "\(box.stage): lp relaxation" : "\(box.stage): branch and bound",
                incumbent: hasIncumbent != 0 ? incumbent : nil,
                bound: hasBound != 0 ? bound : nil,
                elapsed: elapsed.inSeconds))
        }
        var result = mm_glpk_result()
        let startValues = settings.startValues ?? []
        let outcome: _GLPKOutcome = values.withUnsafeMutableBufferPointer { buffer in
          startValues.withUnsafeBufferPointer { startBuffer in
          duals.withUnsafeMutableBufferPointer { dualBuffer in
            result.col_value = buffer.baseAddress
            result.row_dual = settings.lpOnly ? dualBuffer.baseAddress : nil
            var params = mm_glpk_params(
                time_limit_seconds: timeLimit,
                mip_gap: settings.mipGap,
                presolve: settings.presolve ? 1 : 0,
                stop_at_first_solution: settings.stopAtFirstSolution ? 1 : 0,
                simplex_chunk: Int32(clamping: settings.simplexChunk),
                cancel_flag: flag.pointer,
                progress: callback,
                progress_context: box.map { Unmanaged.passUnretained($0).toOpaque() },
                start_values: startValues.count == program.columnCount ? startBuffer.baseAddress : nil,
                lp_only: settings.lpOnly ? 1 : 0,
                tol_obj: settings.objectiveTolerance)
            _GLPKModel.with(program, names: false) { model in
                mm_glpk_solve(model, &params, &result)
            }
            withExtendedLifetime(box) {}
            let message = withUnsafeBytes(of: &result.message) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let status: _GLPKOutcome.Status = switch result.status {
            case Int32(MM_STATUS_OPTIMAL): .optimal
            case Int32(MM_STATUS_FEASIBLE): .feasible
            case Int32(MM_STATUS_INFEASIBLE): .infeasible
            case Int32(MM_STATUS_NO_SOLUTION): .noSolution
            case Int32(MM_STATUS_UNBOUNDED): .unbounded
            default: .error
            }
            let limit: Termination.Limit = switch result.limit {
            case Int32(MM_LIMIT_TIME): .time
            case Int32(MM_LIMIT_CANCELLED): .cancelled
            case Int32(MM_LIMIT_GAP): .gap
            default: .none
            }
            let elapsed = start.duration(to: .now)
            return _GLPKOutcome(
                status: status, limit: limit,
                objective: (status == .optimal || status == .feasible) ? result.objective : nil,
                bound: result.has_bound != 0 ? result.bound : nil,
                lpBound: result.has_lp_bound != 0 ? result.lp_bound : nil,
                values: [], message: message, internalError: result.internal_error != 0,
                seconds: elapsed.inSeconds,
                startAccepted: result.start_status < 0 ? nil : result.start_status == 1)
          }
          }
        }
        var final = outcome
        final.values = values
        if settings.lpOnly && outcome.status == .optimal { final.rowDuals = duals }
        return final
    }
}

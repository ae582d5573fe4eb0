import Compatibility

/// What a ``LearningSimulation`` measured.
public struct SimulationReport: Hashable, Sendable {
    /// The settings run.
    public var settings: LearningSimulation.Settings
    /// The truth, with its calibrated intercept.
    public var truth: TrueSuccessModel
    /// The criteria, in weight order.
    public var criterionNames: [String]
    /// Per criterion: whether it varies among round 1's allowed pairs (the cosine's criteria).
    public var varying: [Bool]
    /// Every round, in order.
    public var rounds: [LearningSimulation.Round]
    /// Round 1's participants and program config (with its ``LearningSimulation/Round/outcomes``:
    /// the files `mentor-match simulate --out` writes for `learn`).
    public var firstCohort: [Profile]
    /// Round 1's program config.
    public var firstConfig: ProgramConfig
}

/// What ``WeightLearner`` found: the sample, the fit, the held-out
/// comparison with the current weights, each criterion's weight old → new
/// with its interval, suggested must-haves, and warnings in plain words.
public struct LearningReport: Hashable, Sendable {
    /// One criterion's weight, current and learned.
    public struct CriterionWeight: Hashable, Sendable {
        /// What became of the criterion.
        public enum Status: String, Hashable, Sendable {
            /// Fitted from the outcomes.
            case learned
            /// The same value in every rated pair: kept at its current weight.
            case noVariation
            /// Not fitted (too few outcomes): kept at its current weight.
            case notLearned
        }

        /// The criterion.
        public var name: String
        /// Its weight in the current config, 0–10.
        public var current: Double
        /// Its new weight, 0–10 to one decimal (the current one unless ``status`` is `learned`).
        public var learned: Double
        /// What became of it.
        public var status: Status
        /// The interval of the learned weight on the 0–10 scale (``BootstrapIntervals``).
        public var interval: ClosedRange<Double>?
        /// The fitted coefficient: log-odds of success per unit (0 → 1) of the criterion.
        public var coefficient: Double?
        /// Its bootstrap interval.
        public var coefficientInterval: ClosedRange<Double>?
        /// The coefficient fitted without the bound at 0 (a negative value: the data favour a negative effect).
        public var unconstrained: Double?
        /// The criterion's standard deviation among the rated pairs.
        public var ratedSD: Double = 0

        /// Creates a row.
        public init(name: String, current: Double, learned: Double, status: Status) {
            self.name = name
            self.current = current
            self.learned = learned
            self.status = status
        }
    }

    /// The settings used.
    public var settings: LearningSettings
    /// Rated pairs learned from, and how many succeeded and failed.
    public var examples: Int, successes: Int, failures: Int
    /// Outcomes that gave no example, with why.
    public var unused: [PairFeatures.Unused]
    /// Every criterion, in criterion order.
    public var criteria: [CriterionWeight]
    /// The fit on all rated pairs (non-negative), `nil` when there were too few.
    public var fit: LogisticFit?
    /// Bootstrap resamples refitted, and those that could not be (one outcome only); 0 without a fit.
    public var bootstrapReplicates = 0, bootstrapFailed = 0
    /// The held-out comparison with the current weights.
    public var validation: CrossValidation?
    /// Suggested must-haves.
    public var mustHaves: [MustHaveSuggestion] = []
    /// The rated pairs' coverage of each criterion against the allowed pairs.
    public var coverage: SelectionCoverage?
    /// The weights to write into a config (every criterion by name, 0–10), `nil` when nothing was learned.
    public var newWeights: [String: Double]?
    /// Plain warnings, most specific first; the selection-bias warning last.
    public var warnings: [String] = []

    /// Creates a report with no fit yet.
    public init(settings: LearningSettings, examples: Int, successes: Int, failures: Int, unused: [PairFeatures.Unused], criteria: [CriterionWeight]) {
        self.settings = settings
        self.examples = examples
        self.successes = successes
        self.failures = failures
        self.unused = unused
        self.criteria = criteria
    }

    /// The selection-bias warning every report carries.
    public static let selectionBias = """
        selection bias: outcomes exist only for pairs a matching chose, and it chose pairs that scored high under the old weights. \
        The fit tells how success varies among pairs like those; it says little about combinations the matching never tried \
        (low values of the criteria the old weights favoured), and among chosen pairs a criterion the old weights favoured varies \
        less and trades off against the others, so its weight is less certain. To learn beyond what the matching picks, explore \
        in the next round: matching.exploration: {share: 0.1, within: 2} draws a tenth of the mentees' partners at random among \
        alternatives within 2 score points of one another (README: Learning weights)
        """
}

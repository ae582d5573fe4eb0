/// The one error type of MentorMatch: a ``code`` saying what kind of failure it
/// is and a ``message`` naming the place at fault (the mentor, mentee, rule,
/// file, line or column).
///
/// Infeasible problems and solves stopped by a limit are *not* errors: they are
/// ``SolveReport``s. An error means the input was wrong or the solver could not
/// run at all.
public struct MatchingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        /// The code's stable name, e.g. `invalidProblem`.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The problem breaks a rule of the model (sizes, bounds, indices, NaN, contradictions).
        public static let invalidProblem = Code(rawValue: "invalidProblem")
        /// An input file cannot be read or parsed.
        public static let invalidFile = Code(rawValue: "invalidFile")
        /// The problem is valid but too large for the solver (e.g. beyond 32-bit indices).
        public static let tooLarge = Code(rawValue: "tooLarge")
        /// The solver asked for is not available in this build or for this problem.
        public static let unsupported = Code(rawValue: "unsupported")
        /// The solver library reported an internal error (GLPK's error hook fired).
        public static let solverInternal = Code(rawValue: "solverInternal")
        /// A participant profile is invalid (the message names the person and field).
        public static let invalidProfile = Code(rawValue: "invalidProfile")
        /// A program or model configuration is invalid (the message names the setting).
        public static let invalidConfig = Code(rawValue: "invalidConfig")
        /// Writing an output file failed.
        public static let writeFailed = Code(rawValue: "writeFailed")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence naming what is wrong and where.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

import Foundation
import MatchingCore

/// Readers for score matrices as researchers and spreadsheets write them:
/// CSV (``parseCSV(_:name:nanForbidden:layout:)``) and NumPy `.npy`
/// (``parseNPY(_:name:nanForbidden:)``). Rows are mentors, columns are mentees.
///
/// Both give a ``ScoreTable``: the scores, the forbidden pairs and, for a CSV
/// with a header row or an id column, the people's ids. What a cell may hold:
/// - a finite number: the score;
/// - `-inf` (also `-Inf`, `-infinity`, `-∞`, `−∞`): a **forbidden pair**, listed in
///   ``ScoreTable/forbidden`` and stored as the placeholder score `0`;
/// - `+inf`: an error naming the cell (no score is infinitely good);
/// - NaN (in CSV: `nan`, `NaN`, an empty cell and the other strings pandas reads as
///   NaN): an error naming the cell, unless `nanForbidden` is `true`, which
///   makes NaN a forbidden pair too.
public enum ScoreFiles {
    /// Reads a matrix, choosing the format by the file's extension
    /// (`.npy`, otherwise CSV).
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - nanForbidden: read NaN cells as forbidden pairs instead of failing.
    ///   - layout: how a CSV file lays out its ids and scores (``ScoreCSVLayout``).
    /// - Throws: ``/MatchingCore/MatchingError`` with code ``/MatchingCore/MatchingError/Code/invalidFile``
    ///   naming the file and the line and column (CSV) or row and column
    ///   (`.npy`) at fault.
    /// - Complexity: O(file size).
    ///   - layout: whether a CSV has a header row and an id column
    ///     (``ScoreCSVLayout``; ignored for `.npy`).
    public static func read(path: String, nanForbidden: Bool = false, layout: ScoreCSVLayout = ScoreCSVLayout()) throws -> ScoreTable {
        try read(path: path, nanForbidden: nanForbidden, layout: layout, pool: false)
    }

    /// ``read(path:nanForbidden:layout:)``; with `pool`, the cells pairing a
    /// person with themselves are not read (see ``parseCSV(_:name:nanForbidden:layout:pool:)``).
    static func read(path: String, nanForbidden: Bool, layout: ScoreCSVLayout, pool: Bool) throws -> ScoreTable {
        if path.lowercased().hasSuffix(".npy") { return try parseNPY(load(path), name: path, nanForbidden: nanForbidden, pool: pool) }
        return try parseCSV(load(path), name: path, nanForbidden: nanForbidden, layout: layout, pool: pool)
    }

    static func load(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MatchingError(.invalidFile, "\(path): cannot read the file (\(error.localizedDescription))")
        }
    }

    /// Reads a score CSV; see ``parseCSV(_:name:nanForbidden:layout:)`` for what it accepts.
    public static func readCSV(path: String, nanForbidden: Bool = false, layout: ScoreCSVLayout = ScoreCSVLayout()) throws -> ScoreTable {
        try parseCSV(load(path), name: path, nanForbidden: nanForbidden, layout: layout)
    }

    /// Reads a NumPy `.npy` file; see ``parseNPY(_:name:nanForbidden:)`` for what it accepts.
    public static func readNPY(path: String, nanForbidden: Bool = false) throws -> ScoreTable {
        try parseNPY(load(path), name: path, nanForbidden: nanForbidden)
    }

    /// The strings pandas (`read_csv`'s default `na_values`) reads as NaN;
    /// an empty cell is NaN too (what `DataFrame.to_csv` writes for NaN).
    static let nanWords: Set<String> = [
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// What a number read from a file means: a score, a forbidden pair, or an
    /// error naming `place` (e.g. `s.csv:3: column 2` or `a.npy: row 2, column 1 (0-based)`).
    ///
    /// - Returns: the score, or `nil` for a forbidden pair.
    static func meaning(of value: Double, text: String, at place: @autoclosure () -> String, nanForbidden: Bool) throws -> Double? {
        if value.isFinite { return value }
        if value.isNaN {
            if nanForbidden { return nil }
            throw MatchingError(.invalidFile, "\(place()): \(text) is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden (nanForbidden: true), or write -inf for a forbidden pair")
        }
        if value < 0 { return nil }
        throw MatchingError(.invalidFile, "\(place()): \(text) is not a score; only -inf has a meaning (a forbidden pair)")
    }
}

/// Whether a score CSV has a header row of mentee ids and a first column of
/// mentor ids: each `yes`, `no`, or `auto` (the default). The CLI's
/// `--header` and `--index-column`.
///
/// With `auto`, in order:
/// - **Text decides.** Text in column 1 below line 1 makes it an id column;
///   line 1 is a header when its cells over the scores are all text. A line 1
///   that mixes text and numbers there is an error naming both options.
///   A text line 1 with one cell fewer than the lines below is a header over an
///   id column with no label (R's `write.table`).
/// - **Whole numbers need evidence** (pandas' ways of writing them). A column 1
///   of distinct whole numbers is an id column when the scores are written as
///   decimals (`1.0`: pandas' floats beside an integer index), when it counts up
///   by one over 3 lines or more (row numbers, a `RangeIndex`), when line 1
///   starts with a name for ids (`mentor_id`, `id`, `name`, `index`,
///   `Unnamed: 0`), or when line 1 starts with an empty cell (pandas over its
///   index). A line 1 of distinct whole numbers is a header when the scores are
///   written as decimals (integer column labels), when it sits over an id
///   column and starts empty or with a name for ids, or when it reads
///   0, 1, …, n-1 (pandas' default labels, n ≥ 3) and no line below does.
/// - **Otherwise numbers are scores**: an empty first cell of a matrix is a NaN
///   score, not a header; where whole numbers could be ids, a note says they
///   were read as scores and names the option that reads them as ids.
///
/// Every decision taken from numbers is explained in ``ScoreTable/notes``.
public struct ScoreCSVLayout: Hashable, Sendable {
    /// One side's choice.
    public enum Choice: String, CaseIterable, Hashable, Sendable {
        case auto, yes, no
    }

    /// Whether line 1 is a header of mentee ids.
    public var header: Choice
    /// Whether column 1 holds mentor ids.
    public var indexColumn: Choice

    /// Creates a layout (`auto` for both by default).
    public init(header: Choice = .auto, indexColumn: Choice = .auto) {
        self.header = header
        self.indexColumn = indexColumn
    }
}

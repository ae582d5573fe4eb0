import GLPKShims
import MatchingCore

/// Hands an ``IntegerProgram`` to the C guard as an `mm_glpk_model` without
/// copying: every array is pinned for the duration of `body`.
enum _GLPKModel {
    /// Throws when the program does not fit GLPK's 32-bit indices.
    static func checkSize(_ program: IntegerProgram) throws {
        let limit = Int(Int32.max) - 1
        guard program.columnCount <= limit, program.rowCount <= limit, program.entryCount <= limit else {
            throw MatchingError(
                .tooLarge,
                "the integer program has \(program.columnCount) columns, \(program.rowCount) rows and \(program.entryCount) entries; GLPK takes at most \(limit) of each")
        }
    }

    /// Calls `body` with a model view of `program`; with `names`, rows and
    /// columns carry readable names (for exports).
    static func with<R>(
        _ program: IntegerProgram, names: Bool, maximize: Bool = true, _ body: (UnsafePointer<mm_glpk_model>) -> R
    ) -> R {
        let integer = ContiguousArray<UInt8>(program.isInteger.lazy.map { $0 ? 1 : 0 })
        var nameBytes = ContiguousArray<CChar>()
        var nameOffsets = ContiguousArray<Int>()
        if names {
            nameOffsets.reserveCapacity(program.columnCount + program.rowCount)
            func add(_ s: String) {
                nameOffsets.append(nameBytes.count)
                nameBytes.append(contentsOf: s.utf8.map { CChar(bitPattern: $0) })
                nameBytes.append(0)
            }
            for c in 0..<program.columnCount { add(columnName(program.columnOrigin[c], c)) }
            for r in 0..<program.rowCount { add(rowName(program.rowOrigin[r], r)) }
        }
        return program.objective.withUnsafeBufferPointer { obj in
            program.columnLower.withUnsafeBufferPointer { clb in
                program.columnUpper.withUnsafeBufferPointer { cub in
                    integer.withUnsafeBufferPointer { cint in
                        program.rowLower.withUnsafeBufferPointer { rlb in
                            program.rowUpper.withUnsafeBufferPointer { rub in
                                program.rowStart.withUnsafeBufferPointer { rs in
                                    program.entryColumn.withUnsafeBufferPointer { ec in
                                        program.entryValue.withUnsafeBufferPointer { ev in
                                            nameBytes.withUnsafeBufferPointer { nb in
                                                nameOffsets.withUnsafeBufferPointer { no in
                                                    var model = mm_glpk_model(
                                                        num_rows: Int32(program.rowCount),
                                                        num_cols: Int32(program.columnCount),
                                                        maximize: maximize ? 1 : 0,
                                                        obj_constant: program.objectiveConstant,
                                                        col_obj: obj.baseAddress, col_lb: clb.baseAddress,
                                                        col_ub: cub.baseAddress, col_integer: cint.baseAddress,
                                                        row_lb: rlb.baseAddress, row_ub: rub.baseAddress,
                                                        row_start: rs.baseAddress,
                                                        entry_col: ec.baseAddress, entry_val: ev.baseAddress,
                                                        names: names ? nb.baseAddress : nil,
                                                        name_offset: names ? no.baseAddress : nil)
                                                    return withUnsafePointer(to: &model) { body($0) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A column's name in exported files, e.g. `x_3_17` for (mentor 3, mentee 17).
    static func columnName(_ origin: ColumnOrigin, _ index: Int) -> String {
        switch origin {
        case .pair(let p): "x_\(p.mentor.rawValue)_\(p.mentee.rawValue)"
        case .matched(let j): "y_\(j.rawValue)"
        case .slack(let r): "s_\(r)_\(index)"
        case .relaxed: "z_\(index)"
        case .constant: "objective_constant"
        case .scoreParity(let r, .mean): "mean_score_\(r)"
        case .scoreParity(let r, .count): "pair_count_\(r)_c\(index)"
        case .scoreParity(let r, .meanAtCount): "mean_at_count_\(r)_c\(index)"
        case .saturated(let a, let b): "full_\(a)_above_\(b)"
        }
    }

    /// A row's name in exported files: the rule family and its indices.
    static func rowName(_ origin: RowOrigin, _ index: Int) -> String {
        switch origin {
        case .menteeDemand(let j): "demand_\(j.rawValue)"
        case .mentorLoad(let i): "load_\(i.rawValue)"
        case .matchedLink(let j): "matched_\(j.rawValue)_r\(index)"
        case .separation(let s, let i): "sep_\(s)_\(i.rawValue)"
        case .maxPerMentor(let c, let i, _): "maxper_\(c)_\(i.rawValue)_r\(index)"
        case .quota(let c): "quota_\(c)"
        case .composition(let c, let j): "comp_\(c)_\(j.rawValue)"
        case .crossShare(let c): "cross_\(c)"
        case .parity(let c, _): "parity_\(c)_r\(index)"
        case .matchedCap(let j): "matched_cap_\(j.rawValue)"
        case .scoreParity(let c, _): "score_parity_\(c)_r\(index)"
        case .scoreParityLink(let c): "score_parity_\(c)_def_r\(index)"
        case .stability(let p): "stable_\(p.mentor.rawValue)_\(p.mentee.rawValue)"
        case .saturation(let a, let b): "full_\(a)_above_\(b)_r\(index)"
        case .partners(let v): "partners_\(v)"
        case .partnerLink(let v): "has_partner_\(v)"
        case .partnerCap(let v): "partner_cap_\(v)"
        case .poolRule(let k): "rule_\(k)"
        case .poolRuleAtPerson(let k, let v, _): "rule_\(k)_\(v)_r\(index)"
        }
    }
}

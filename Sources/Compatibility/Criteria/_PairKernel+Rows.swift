/// Row fills: one criterion for one mentor row and every mentee, with the
/// mentor's data hoisted and flat pointers in the loop. Same formulas as the
/// per-pair functions of ``_PairKernel`` (which explanations and tests use).
extension _PairKernel {
    /// Writes criterion `c` for row `i` and every column into `out[0..<b.count]`.
    func fillRow(_ c: Criterion, _ i: Int, _ out: UnsafeMutablePointer<Float>) {
        let n = b.count
        switch c {
        case .skillGap:
            fillSkillGap(i, out)
        case .interests:
            fillJaccard(a.interests, a.interestCount, b.interests, b.interestCount, words: a.interestWords, i, out)
        case .values:
            fillJaccard(a.values, a.valueCount, b.values, b.valueCount, words: a.valueWords, i, out)
        case .personality:
            guard a.hasPersonality[i] else { out.update(repeating: 0.5, count: n); return }
            let x = (0..<5).map { a.personality[i * 5 + $0] }
            let s0 = similarTrait[0], s1 = similarTrait[1], s2 = similarTrait[2], s3 = similarTrait[3], s4 = similarTrait[4]
            b.personality.withUnsafeBufferPointer { y in
                b.hasPersonality.withUnsafeBufferPointer { has in
                    for j in 0..<n {
                        guard has[j] else { out[j] = 0.5; continue }
                        let p = j &* 5
                        let d0 = abs(x[0] - y[p]), d1 = abs(x[1] - y[p &+ 1]), d2 = abs(x[2] - y[p &+ 2])
                        let d3 = abs(x[3] - y[p &+ 3]), d4 = abs(x[4] - y[p &+ 4])
                        var s = (s0 ? 1 - d0 : d0) + (s1 ? 1 - d1 : d1)
                        s += (s2 ? 1 - d2 : d2) + (s3 ? 1 - d3 : d3) + (s4 ? 1 - d4 : d4)
                        out[j] = s / 5
                    }
                }
            }
        case .communication:
            guard a.hasCommunication[i] else { out.update(repeating: 0.5, count: n); return }
            let x0 = a.communication[i * 3], x1 = a.communication[i * 3 + 1], x2 = a.communication[i * 3 + 2]
            b.communication.withUnsafeBufferPointer { y in
                b.hasCommunication.withUnsafeBufferPointer { has in
                    for j in 0..<n {
                        guard has[j] else { out[j] = 0.5; continue }
                        let p = j &* 3
                        let d = abs(x0 - y[p]) + abs(x1 - y[p &+ 1]) + abs(x2 - y[p &+ 2])
                        out[j] = 1 - d / 3
                    }
                }
            }
        case .careerStage:
            for j in 0..<n { out[j] = careerStage(i, j) }
        case .availability:
            guard a.quarterCount[i] > 0 else { out.update(repeating: 0.5, count: n); return }
            // Only the words from row i's first to its last with time can share any (no allocation per row).
            let qw = _EncodedPeople.quarterWords, row = i * qw
            let first = (0..<qw).first(where: { a.quarters[row + $0] != 0 })!, last = (0..<qw).last(where: { a.quarters[row + $0] != 0 })!   // quarterCount > 0
            let inv = 1 / (4 * Float(Swift.max(config.availabilityHours, 1e-9)))
            b.quarters.withUnsafeBufferPointer { y in
                b.quarterCount.withUnsafeBufferPointer { count in
                    for j in 0..<n {
                        guard count[j] > 0 else { out[j] = 0.5; continue }
                        let p = j &* qw
                        var shared = 0
                        for w in first...last { shared += (a.quarters[row &+ w] & y[p &+ w]).nonzeroBitCount }
                        out[j] = Swift.min(1, Float(shared) * inv)
                    }
                }
            }
        case .timeZone:
            for j in 0..<n { out[j] = timeZone(i, j) }
        case .language:
            for j in 0..<n { out[j] = sharesLanguage(i, j).map { $0 ? 1 : 0 } ?? 0.5 }
        case .crossDepartment:
            let x = a.department[i]
            guard x >= 0 else { out.update(repeating: 0.5, count: n); return }
            let across = config.department == .across
            b.department.withUnsafeBufferPointer { y in
                for j in 0..<n { out[j] = y[j] < 0 ? 0.5 : ((x != y[j]) == across ? 1 : 0) }
            }
        case .mbti:
            for j in 0..<n { out[j] = mbti(i, j) }
        case .preferences:
            let p = a.person[i]
            let mine = preferences[p]
            for j in 0..<n {
                let q = b.person[j]
                let theirs = preferences[q]
                if mine.isEmpty && theirs.isEmpty { out[j] = 0.5; continue }
                out[j] = (Self.rankScore(theirs, of: p) + Self.rankScore(mine, of: q)) / 2
            }
        }
    }

    private func fillJaccard(_ x: [UInt64], _ xc: [Int32], _ y: [UInt64], _ yc: [Int32], words: Int, _ i: Int, _ out: UnsafeMutablePointer<Float>) {
        let n = b.count
        guard xc[i] > 0 else { out.update(repeating: 0.5, count: n); return }
        let mine = Int(xc[i])
        y.withUnsafeBufferPointer { Y in
            yc.withUnsafeBufferPointer { YC in
                if words == 1 {
                    let w = x[i]
                    for j in 0..<n {
                        let theirs = Int(YC[j])
                        guard theirs > 0 else { out[j] = 0.5; continue }
                        let common = (w & Y[j]).nonzeroBitCount
                        out[j] = Float(common) / Float(mine + theirs - common)
                    }
                } else {
                    for j in 0..<n {
                        let theirs = Int(YC[j])
                        guard theirs > 0 else { out[j] = 0.5; continue }
                        var common = 0
                        for k in 0..<words { common += (x[i * words + k] & Y[j &* words &+ k]).nonzeroBitCount }
                        out[j] = Float(common) / Float(mine + theirs - common)
                    }
                }
            }
        }
    }

    private func fillSkillGap(_ i: Int, _ out: UnsafeMutablePointer<Float>) {
        let n = b.count
        let mutual = config.mode == .mutual
        a.skill.withUnsafeBufferPointer { A in
                b.goalStart.withUnsafeBufferPointer { start in
                    b.goalSkill.withUnsafeBufferPointer { skill in
                        b.goalCurrent.withUnsafeBufferPointer { current in
                            b.goalDesired.withUnsafeBufferPointer { desired in
                                b.goalPriority.withUnsafeBufferPointer { priority in
                                    let teacher = i &* a.skillCount
                                    let teaches = a.hasSkills[i]
                                    for j in 0..<n {
                                        let s = start[j], e = start[j &+ 1]
                                        var forward: Float = 0.5
                                        if s != e && teaches {
                                            var num: Float = 0, den: Float = 0
                                            for g in s..<e {
                                                let m = A[teacher &+ Int(skill[g])]
                                                let c = current[g]
                                                let gap = Swift.max(desired[g] - c, 1)
                                                let fit = Swift.min(1, Swift.max(0, (m - c) / gap))
                                                num += priority[g] * fit
                                                den += priority[g]
                                            }
                                            forward = num / den
                                        }
                                        if mutual {
                                            let backward = skillGap(j, i, teacher: b, learner: a)
                                            out[j] = 0.75 * Swift.min(forward, backward) + 0.25 * Swift.max(forward, backward)
                                        } else {
                                            out[j] = forward
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

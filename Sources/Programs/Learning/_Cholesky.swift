/// The Cholesky factorisation `A = L·Lᵀ` of a small symmetric positive
/// definite matrix (row-major, n × n), for the Newton steps and the inverse
/// Hessian of ``LogisticRegression`` (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., Algorithm 4.2.1).
///
/// - Complexity: O(n³ / 3) to factor, O(n²) per solve.
struct _Cholesky {
    let n: Int
    /// L, row-major, lower triangle (the upper is zero).
    private var l: [Double]

    /// Factors `a`; `nil` when it is not (numerically) positive definite.
    init?(_ a: [Double], n: Int) {
        precondition(a.count == n * n)
        self.n = n
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            l[j * n + j] = root
            for i in (j + 1)..<Swift.max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / root
            }
        }
        self.l = l
    }

    /// The solution `x` of `A·x = b`.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<Swift.max(i + 1, n) { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
        return y
    }

    /// `A⁻¹`, row-major.
    func inverse() -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = solve(e)
            for i in 0..<n { out[i * n + j] = column[i] }
        }
        return out
    }
}

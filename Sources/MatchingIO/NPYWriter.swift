import Foundation

/// Writes NumPy `.npy` files (format version 1.0, NumPy's NEP 1): a
/// little-endian float64 array in C order, whose header pads the data to a
/// 64-byte boundary as NumPy itself writes it; `numpy.load` reads it, and
/// so does ``ScoreFiles`` (`solve --scores`).
public enum NPYWriter {
    /// The file of a float64 array of `shape` (C order: the last index
    /// fastest) holding `values`.
    ///
    /// - Precondition: `values.count` is the product of `shape`.
    /// - Complexity: O(values).
    public static func float64(_ values: some Collection<Double>, shape: [Int]) -> Data {
        precondition(values.count == shape.reduce(1, *), "the values do not fill the shape")
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(dims), }"
        // Magic (6) + version (2) + length (2) + header, ending in a newline, to a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + 8 * values.count)
        for v in values {
            let bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
        }
        return data
    }
}

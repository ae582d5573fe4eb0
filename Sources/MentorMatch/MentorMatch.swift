// The umbrella module: `import MentorMatch` brings in the whole library.
@_exported import BenchmarkInstances
@_exported import Compatibility
@_exported import MatchingCore
@_exported import MatchingGLPK
@_exported import MatchingIO
@_exported import MatchingReports
@_exported import MatchingSolvers
@_exported import Programs

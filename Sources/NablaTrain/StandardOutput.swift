#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Makes standard output line-buffered: each `print` reaches the terminal, a pipe or a log file
/// when its line ends. By default a pipe or a file is flushed only when a 4 kB buffer fills, so a
/// long run piped into `tee` showed its epoch lines only at exit. Call it before printing.
func flushStandardOutputByLine() {
    setvbuf(stdout, nil, _IOLBF, 0)
}

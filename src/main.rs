//! The `verideck` command: parses arguments and maps the library's outcome to
//! an exit code (0 ok, 1 a claim refuted, 2 bad usage or input).
use std::process::ExitCode;

fn main() -> ExitCode {
    verideck::cli::main()
}

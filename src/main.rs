//! The `wpconvert` command: parses the command line, calls the library, maps the outcome to
//! an exit code (0 ok, 2 usage or input error).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

//! The `wpconvert` command: parses the command line, calls the library, maps the outcome to
//! an exit code (0 ok, 2 usage or input error).

mod cli;

// Conversion allocates many small strings and vectors; mimalloc does that markedly faster
// than the system allocator (see benches/wxr.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}

//! `kapso-codegen generate <spec> [-o <file>] [--check] [--runtime-crate <path>] [--example-tests] [--timings] [--allow-refs-outside] [--only-used-types] [--explain-pagination] [--no-pagination] [--tag <name>]… [--all-schemas] [--list-tags]`

use kapso_codegen::{Options, generate_file};

// The generator allocates many small strings and token trees; mimalloc makes the whole run
// markedly faster than the system allocator (see generator/benches/cli.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: kapso-codegen generate <spec.yaml|spec.json> [-o <file.rs>] [--check] [--runtime-crate <path>] [--example-tests] [--timings] [--allow-refs-outside] [--only-used-types] [--explain-pagination] [--no-pagination] [--tag <name>]… [--all-schemas] [--list-tags]

  -o <file.rs>            write the generated code there (default: standard output)
  --check                 write nothing; exit 1 if <file.rs> differs from what the spec gives
  --runtime-crate <path>  runtime path used by the generated code (default: kapso_codegen_runtime)
  --example-tests         add a #[cfg(test)] test that round-trips the spec's example values
  --timings               print the time each stage took
  --allow-refs-outside    follow $refs to files outside the spec's folder tree
  --only-used-types       generate only the types operations and webhooks use
  --explain-pagination    print how each paged operation's stream() walks pages, and why
  --no-pagination         detect no pagination (x-kapso-pagination still applies)
  --tag <name>            generate only the operations with this tag (repeatable; `untagged`
                          for those without), and only the types they use
  --all-schemas           with --tag, still generate every component schema
  --list-tags             print the operations' tags with their operation counts, and exit";

struct Args {
    spec: PathBuf,
    output: Option<PathBuf>,
    check: bool,
    timings: bool,
    explain_pagination: bool,
    list_tags: bool,
    options: Options,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("generate") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut spec = None;
    let mut output = None;
    let mut check = false;
    let mut timings = false;
    let mut explain_pagination = false;
    let mut list_tags = false;
    let mut options = Options::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" | "--output" => {
                output = Some(PathBuf::from(args.next().ok_or("-o needs a file")?))
            }
            "--check" => check = true,
            "--example-tests" => options.example_tests = true,
            "--timings" => timings = true,
            "--allow-refs-outside" => options.allow_refs_outside_spec_dir = true,
            "--only-used-types" => options.only_used_types = true,
            "--no-pagination" => options.detect_pagination = false,
            "--tag" => {
                let tag = args.next().ok_or("--tag needs a tag name")?;
                options.tags.get_or_insert_with(Vec::new).push(tag);
            }
            "--all-schemas" => options.all_schemas = true,
            "--list-tags" => list_tags = true,
            "--explain-pagination" => explain_pagination = true,
            "--runtime-crate" => {
                options.runtime_crate = args.next().ok_or("--runtime-crate needs a path")?
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ if spec.is_none() => spec = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let spec = spec.ok_or("missing the spec file")?;
    options.check()?;
    if check && output.is_none() {
        return Err("--check needs -o <file.rs> to compare with".into());
    }
    Ok(Args {
        spec,
        output,
        check,
        timings,
        explain_pagination,
        list_tags,
        options,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.list_tags {
        return match kapso_codegen::list_tags(&args.spec, &args.options) {
            Ok(tags) => {
                for count in tags {
                    println!("{}\t{}", count.tag, count.operations);
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                ExitCode::FAILURE
            }
        };
    }
    let generated = match generate_file(&args.spec, &args.options) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", generated.warnings);
    if args.timings {
        eprintln!("timings: {}", generated.timings);
    }
    if args.explain_pagination {
        for line in &generated.pagination {
            eprintln!("pagination: {line}");
        }
    }
    match (&args.output, args.check) {
        (Some(output), true) => check(output, &generated.code),
        (Some(output), false) => match std::fs::write(output, &generated.code) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", output.display());
                ExitCode::FAILURE
            }
        },
        (None, _) => {
            print!("{}", generated.code);
            ExitCode::SUCCESS
        }
    }
}

/// Compares checked-in output with the fresh one and shows the first differing lines.
fn check(output: &std::path::Path, fresh: &str) -> ExitCode {
    let existing = std::fs::read_to_string(output).unwrap_or_default();
    if existing == fresh {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} is out of date with the spec; regenerate it",
        output.display()
    );
    let differences = existing
        .lines()
        .map(Some)
        .chain(std::iter::repeat(None))
        .zip(fresh.lines().map(Some).chain(std::iter::repeat(None)))
        .enumerate()
        .take_while(|(_, pair)| *pair != (None, None))
        .filter(|(_, (old, new))| old != new)
        .take(5);
    for (index, (old, new)) in differences {
        eprintln!("line {}:", index + 1);
        eprintln!("-   {}", old.unwrap_or("<end of file>"));
        eprintln!("+   {}", new.unwrap_or("<end of file>"));
    }
    ExitCode::FAILURE
}

//! Where a YAML error is, where the parser does not say: the line of a key given twice (it
//! names the mapping), the alias where an alias bomb passes the expansion limit (it names
//! nothing).

use std::collections::HashMap;

/// The key of a "duplicate key `k`" message.
pub fn duplicate_key(message: &str) -> Option<&str> {
    let rest = &message[message.find("duplicate key `")? + "duplicate key `".len()..];
    Some(&rest[..rest.find('`')?])
}

/// Where `key` is given the second time in the block mapping that starts at `mapping`; the
/// mapping where the key cannot be found (flow style).
pub fn key_line(text: &str, mapping: (usize, usize), key: &str) -> (usize, usize) {
    let (line, column) = mapping;
    let indent = column.saturating_sub(1);
    let forms = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut seen = 0;
    for (index, row) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let trimmed = row.trim_start();
        let row_indent = row.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if row_indent < indent && index + 1 > line {
            break;
        }
        if row_indent == indent && forms.iter().any(|form| trimmed.starts_with(form.as_str())) {
            seen += 1;
            if seen == 2 {
                return (index + 1, indent + 1);
            }
        }
    }
    mapping
}

/// Where an alias bomb's expansion passes the parser's limit (100 alias expansions per event
/// of the document), estimated from the text: an anchor's block is the lines indented under
/// the line that defines it, and each alias costs one expansion plus those of the aliases in
/// its anchor's block.
pub fn bomb_alias(text: &str) -> Option<(usize, usize)> {
    let aliases = Aliases::read(text);
    let events = text
        .split(|c: char| c.is_whitespace() || ",[]{}:-".contains(c))
        .filter(|word| !word.is_empty())
        .count();
    let limit = (events * 100) as f64;
    let mut costs = HashMap::new();
    let mut expansions = 0.0;
    for (line, uses) in aliases.uses.iter().enumerate() {
        for (column, anchor) in uses {
            expansions += 1.0 + aliases.cost(anchor, &mut costs, 0);
            if expansions > limit {
                return Some((line + 1, column + 1));
            }
        }
    }
    None
}

/// The anchors and aliases of a YAML text, by line.
struct Aliases {
    /// Each anchor's block: its first line and the line after its last.
    blocks: HashMap<String, (usize, usize)>,
    /// The aliases of each line, with their columns.
    uses: Vec<Vec<(usize, String)>>,
}

impl Aliases {
    fn read(text: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let indent = |line: &str| line.len() - line.trim_start().len();
        let mut blocks = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            for (_, anchor) in names(line, '&') {
                let end = lines[index + 1..]
                    .iter()
                    .position(|next| !next.trim().is_empty() && indent(next) <= indent(line))
                    .map_or(lines.len(), |offset| index + 1 + offset);
                blocks.insert(anchor, (index, end));
            }
        }
        let uses = lines.iter().map(|line| names(line, '*')).collect();
        Aliases { blocks, uses }
    }

    /// The expansions an alias of `anchor` makes beyond its own.
    fn cost(&self, anchor: &str, costs: &mut HashMap<String, f64>, depth: usize) -> f64 {
        if let Some(known) = costs.get(anchor) {
            return *known;
        }
        let Some(&(start, end)) = self.blocks.get(anchor) else {
            return 0.0;
        };
        if depth > 64 {
            return f64::INFINITY;
        }
        let inner = self.uses[start..end]
            .iter()
            .flatten()
            .map(|(_, target)| 1.0 + self.cost(target, costs, depth + 1))
            .sum();
        costs.insert(anchor.to_string(), inner);
        inner
    }
}

/// The names after `sigil` (`&anchor`, `*alias`) in a line, with their columns.
fn names(line: &str, sigil: char) -> Vec<(usize, String)> {
    line.match_indices(sigil)
        .map(|(at, _)| {
            let name: String = line[at + 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect();
            (at, name)
        })
        .filter(|(_, name)| !name.is_empty())
        .collect()
}

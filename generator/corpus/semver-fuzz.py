#!/usr/bin/env python3
"""The API-change report against cargo-semver-checks on random one-edit spec pairs.

For each spec, applies random edits of 49 kinds (a field added, removed, retyped, made
required or nullable; an enum value added or removed; a parameter, operation, response,
header, media type, security scheme or schema added, removed or changed; a `$ref` inlined; a
twin of an inline type added...), one per pair, and for each pair compares the release
`kapso-codegen diff` names with what cargo-semver-checks finds between the two generated
crates (their rustdoc JSON, built once per crate). Prints a line per pair:

  OK         both call it breaking, or neither does
  MISSED     cargo-semver-checks finds a major change the report does not call breaking
  OURS-ONLY  the report calls it breaking and cargo-semver-checks does not (a retype it
             cannot see, for one: read the line and judge)

then a count per kind of edit, and exits 1 when anything was MISSED. Not part of the test
run (tests/semver.rs is the deterministic version, a fixture per kind of change); run it by
hand after changing the generated API or the report:

  generator/corpus/semver-fuzz.py                       # the repo's fixtures, 20 pairs each
  generator/corpus/semver-fuzz.py --pairs 40 --seed 7 spec/kapso-platform-api.yaml
  generator/corpus/semver-fuzz.py --only m_enum_add,m_prop_retype ../shared/specs/redocly-museum.yaml

Needs python3 with PyYAML, and cargo-semver-checks (`cargo install cargo-semver-checks
--locked`). Works under target/semver-fuzz/. Single-file specs only (the edited spec is
written as JSON beside the old one).
"""
import argparse, copy, json, os, random, re, subprocess, sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
RUNTIME = os.path.join(ROOT, 'generator', 'runtime')
WORK = os.path.join(ROOT, 'target', 'semver-fuzz')
TARGET = os.path.join(WORK, 'target')
CG = os.path.join(os.environ.get('CARGO_TARGET_DIR', os.path.join(ROOT, 'target')), 'debug', 'kapso-codegen')
METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']
DEFAULT_SPECS = [
    'spec/kapso-platform-api.yaml',
    'tests/semver/base.yaml',
    'tests/fixtures/bodies-3.1.yaml',
    'tests/fixtures/composition-3.1.yaml',
    'tests/fixtures/nullable-3.1.yaml',
    'tests/fixtures/pagination-3.1.yaml',
    'tests/fixtures/swagger-2.0.yaml',
    'tests/fixtures/safe-readings-3.0.yaml',
    'tests/fixtures/auth-params-3.1.yaml',
]


def load(p):
    t = open(p).read()
    return json.loads(t) if p.endswith('.json') else yaml.safe_load(t)

def is30(d): return 'swagger' in d or str(d.get('openapi','')).startswith('3.0')

def walk(d, keep):
    """(path, node) of every object node anywhere in `d` that `keep(node, path)` accepts."""
    out = []
    def rec(node, path):
        if isinstance(node, dict):
            if keep(node, path):
                out.append((path, node))
            for k, v in node.items():
                rec(v, path + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                rec(v, path + [i])
    rec(d, [])
    return out

def walk_schemas(d):
    """(path, schema) of every object schema with properties, anywhere."""
    return walk(d, lambda node, path: isinstance(node.get('properties'), dict) and bool(node['properties']))

def walk_enums(d):
    """(path, schema) of every string enum with two values or more; server variables' enums are no types."""
    def keep(node, path):
        values = node.get('enum')
        return (isinstance(values, list) and all(isinstance(x, str) for x in values)
                and len(values) > 1 and 'servers' not in path)
    return walk(d, keep)

def ops(d):
    out = []
    for p, item in d.get('paths', {}).items():
        if not isinstance(item, dict): continue
        for m in METHODS:
            if isinstance(item.get(m), dict):
                out.append((p, m, item[m]))
    return out

def deref(d, node):
    while isinstance(node, dict) and '$ref' in node and node['$ref'].startswith('#/'):
        cur = d
        for part in node['$ref'][2:].split('/'):
            cur = cur[part.replace('~1','/').replace('~0','~')]
        node = cur
    return node

def prop_types(s):
    return [(k, v) for k, v in s['properties'].items() if isinstance(v, dict) and '$ref' not in v]

# ---- mutations: each takes (d, rng) and returns a description or None
def m_prop_add_optional(d, r):
    ss = walk_schemas(d)
    if not ss: return None
    path, s = r.choice(ss)
    s['properties']['zz_added'] = {'type': 'string', 'description': 'new'}
    return f'add optional property at {path}'

def m_prop_add_required(d, r):
    ss = walk_schemas(d)
    if not ss: return None
    path, s = r.choice(ss)
    s['properties']['zz_added'] = {'type': 'string'}
    s.setdefault('required', []).append('zz_added')
    return f'add required property at {path}'

def m_prop_remove(d, r):
    ss = walk_schemas(d)
    if not ss: return None
    path, s = r.choice(ss)
    k = r.choice(list(s['properties']))
    del s['properties'][k]
    if k in s.get('required', []): s['required'].remove(k)
    if 'required' in s and not s['required']: del s['required']
    return f'remove property {k} at {path}'

def m_prop_make_required(d, r):
    c = [(p, s, k) for p, s in walk_schemas(d) for k in s['properties'] if k not in s.get('required', [])]
    if not c: return None
    p, s, k = r.choice(c)
    s.setdefault('required', []).append(k)
    return f'make {k} required at {p}'

def m_prop_make_optional(d, r):
    c = [(p, s, k) for p, s in walk_schemas(d) for k in s.get('required', []) if k in s['properties']]
    if not c: return None
    p, s, k = r.choice(c)
    s['required'].remove(k)
    if not s['required']: del s['required']
    return f'make {k} optional at {p}'

def m_prop_retype(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') in ('string', 'integer', 'boolean')]
    if not c: return None
    p, s, k, v = r.choice(c)
    new = {'type': 'integer'} if v.get('type') != 'integer' else {'type': 'string'}
    s['properties'][k] = new
    return f'retype {k} {v.get("type")} -> {new["type"]} at {p}'

def m_prop_nullable(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if isinstance(v.get('type'), str) and not v.get('nullable')]
    if not c: return None
    p, s, k, v = r.choice(c)
    if is30(d): v['nullable'] = True
    else: v['type'] = [v['type'], 'null']
    return f'make {k} nullable at {p} (required: {k in s.get("required", [])})'

def m_prop_unnullable(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('nullable') or (isinstance(v.get('type'), list) and 'null' in v['type'])]
    if not c: return None
    p, s, k, v = r.choice(c)
    if v.get('nullable'): del v['nullable']
    else:
        t = [x for x in v['type'] if x != 'null']
        v['type'] = t[0] if len(t) == 1 else t
    return f'make {k} non-nullable at {p} (required: {k in s.get("required", [])})'

def m_prop_format(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') == 'string' and 'format' not in v and 'enum' not in v]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['format'] = r.choice(['date-time', 'uuid', 'int64'])
    return f'add format {v["format"]} to {k} at {p}'

def m_prop_add_default(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') == 'string' and 'default' not in v and 'enum' not in v]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['default'] = 'x'
    return f'add default to {k} at {p}'

def m_prop_to_array(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') in ('string', 'integer')]
    if not c: return None
    p, s, k, v = r.choice(c)
    s['properties'][k] = {'type': 'array', 'items': dict(v)}
    return f'make {k} an array at {p}'

def m_prop_readonly(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if 'readOnly' not in v]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['readOnly'] = True
    return f'make {k} readOnly at {p}'

def m_enum_add(d, r):
    es = walk_enums(d)
    if not es: return None
    p, s = r.choice(es)
    s['enum'].append('zz_added')
    return f'add enum value at {p}'

def m_enum_remove(d, r):
    es = walk_enums(d)
    if not es: return None
    p, s = r.choice(es)
    v = s['enum'].pop()
    if s.get('default') == v: del s['default']
    return f'remove enum value {v} at {p}'

def m_enum_drop(d, r):
    es = walk_enums(d)
    if not es: return None
    p, s = r.choice(es)
    del s['enum']
    s.pop('default', None)
    return f'enum to plain string at {p}'

def m_string_to_enum(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') == 'string' and 'enum' not in v and 'format' not in v]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['enum'] = ['a', 'b']
    return f'string {k} becomes enum at {p}'

def params_of(d):
    out = []
    for p, m, op in ops(d):
        for i, prm in enumerate(op.get('parameters', [])):
            prm = deref(d, prm)
            if isinstance(prm, dict) and prm.get('in') in ('query', 'header'):
                out.append((p, m, op, i, prm))
    return out

def add_query_param(d, r, required):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    prm = {'name': 'zz_added', 'in': 'query', 'required': required}
    if 'swagger' in d: prm['type'] = 'string'
    else: prm['schema'] = {'type': 'string'}
    op.setdefault('parameters', []).append(prm)
    return f'add {"required" if required else "optional"} query param to {m} {p}'

def m_param_add_optional(d, r):
    return add_query_param(d, r, False)

def m_param_add_required(d, r):
    return add_query_param(d, r, True)

def m_param_remove(d, r):
    c = params_of(d)
    if not c: return None
    p, m, op, i, prm = r.choice(c)
    del op['parameters'][i]
    return f'remove param {prm["name"]} of {m} {p}'

def m_param_toggle_required(d, r):
    c = params_of(d)
    if not c: return None
    p, m, op, i, prm = r.choice(c)
    prm = copy.deepcopy(prm)
    prm['required'] = not prm.get('required', False)
    op['parameters'][i] = prm
    return f'param {prm["name"]} of {m} {p} required={prm["required"]}'

def m_param_retype(d, r):
    c = [x for x in params_of(d) if 'schema' in x[4] and isinstance(deref(d, x[4]['schema']), dict) and deref(d, x[4]['schema']).get('type') in ('string', 'integer', 'boolean')]
    if not c: return None
    p, m, op, i, prm = r.choice(c)
    prm = copy.deepcopy(prm)
    t = deref(d, prm['schema']).get('type')
    prm['schema'] = {'type': 'integer' if t != 'integer' else 'string'}
    op['parameters'][i] = prm
    return f'retype param {prm["name"]} of {m} {p} from {t}'

def m_op_remove(d, r):
    o = ops(d)
    if len(o) < 2: return None
    p, m, op = r.choice(o)
    del d['paths'][p][m]
    return f'remove op {m} {p}'

def m_op_rename(d, r):
    o = [x for x in ops(d) if 'operationId' in x[2]]
    if not o: return None
    p, m, op = r.choice(o)
    old = op['operationId']; op['operationId'] = old + 'Renamed'
    return f'rename op {old}'

def m_op_add(d, r):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    new = copy.deepcopy(op)
    new['operationId'] = 'zzAddedOperation'
    d['paths'].setdefault('/zz_added', {})['post' if m != 'post' else 'put'] = new
    return f'add op copying {m} {p}'

def m_op_deprecate(d, r):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    op['deprecated'] = True
    return f'deprecate {m} {p}'

def m_op_doc(d, r):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    op['description'] = 'Changed description.'
    op['summary'] = 'Changed summary'
    return f'doc change {m} {p}'

def m_op_tag(d, r):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    op['tags'] = ['zz-new-tag']
    return f'retag {m} {p}'

def resp_schema(d, body):
    if 'swagger' in d: return {'description': 'x', 'schema': body}
    return {'description': 'x', 'content': {'application/json': {'schema': body}}}

def m_resp_add_error(d, r):
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    code = r.choice(['404', '409', '422', '500'])
    if code in op.get('responses', {}): return None
    op.setdefault('responses', {})[code] = resp_schema(d, {'type': 'object', 'properties': {'message': {'type': 'string'}}})
    return f'add error {code} to {m} {p}'

def m_resp_remove(d, r):
    c = [(p, m, op, k) for p, m, op in ops(d) for k in op.get('responses', {}) if len(op['responses']) > 1]
    if not c: return None
    p, m, op, k = r.choice(c)
    del op['responses'][k]
    return f'remove response {k} of {m} {p}'

def m_resp_add_success(d, r):
    o = [x for x in ops(d) if any(k.startswith('2') for k in x[2].get('responses', {}))]
    if not o: return None
    p, m, op = r.choice(o)
    code = r.choice(['201', '202', '204'])
    if code in op['responses']: return None
    op['responses'][code] = {'description': 'x'} if code == '204' else resp_schema(d, {'type': 'object', 'properties': {'id': {'type': 'string'}}})
    return f'add success {code} to {m} {p}'

def m_resp_retype(d, r):
    o = [(p, m, op, k) for p, m, op in ops(d) for k in op.get('responses', {}) if k.startswith('2')]
    if not o: return None
    p, m, op, k = r.choice(o)
    op['responses'][k] = resp_schema(d, {'type': 'object', 'properties': {'replaced': {'type': 'string'}}})
    return f'retype response {k} of {m} {p}'

def m_body_toggle_required(d, r):
    o = [x for x in ops(d) if 'requestBody' in x[2] and '$ref' not in x[2]['requestBody']]
    if not o: return None
    p, m, op = r.choice(o)
    op['requestBody']['required'] = not op['requestBody'].get('required', False)
    return f'request body of {m} {p} required={op["requestBody"]["required"]}'

def schemas(d):
    return d.get('definitions') if 'swagger' in d else d.get('components', {}).get('schemas')

def m_schema_add(d, r):
    s = schemas(d)
    if s is None: return None
    s['ZzAdded'] = {'type': 'object', 'properties': {'a': {'type': 'string'}}}
    return 'add schema'

def m_schema_rename(d, r):
    s = schemas(d)
    if not s: return None
    k = r.choice(list(s))
    prefix = '#/definitions/' if 'swagger' in d else '#/components/schemas/'
    t = json.dumps(d).replace(json.dumps(prefix + k), json.dumps(prefix + k + 'Renamed'))
    t = t.replace(json.dumps(prefix + k + '/')[:-1], json.dumps(prefix + k + 'Renamed/')[:-1])
    d2 = json.loads(t)
    s2 = schemas(d2)
    s2[k + 'Renamed'] = s2.pop(k)
    d.clear(); d.update(d2)
    return f'rename schema {k}'

def m_schema_doc(d, r):
    s = schemas(d)
    if not s: return None
    k = r.choice(list(s))
    if isinstance(s[k], dict): s[k]['description'] = 'Changed.'
    return f'doc of schema {k}'

def m_additional_props(d, r):
    ss = walk_schemas(d)
    if not ss: return None
    p, s = r.choice(ss)
    s['additionalProperties'] = {'type': 'string'}
    return f'additionalProperties at {p}'

def m_server(d, r):
    if 'swagger' in d:
        d['host'] = 'changed.example.com'
    else:
        d['servers'] = [{'url': 'https://changed.example.com/v9'}]
    return 'server change'

def add_twin(d, r, sites, what):
    """Add a component schema identical to one of `sites` (an inline type gets a twin)."""
    s = schemas(d)
    if not sites or s is None: return None
    p, node = r.choice(sites)
    s['ZzTwin'] = copy.deepcopy(node)
    return f'add schema equal to {what} at {p}'

def m_unused_dup_schema(d, r):
    return add_twin(d, r, walk_enums(d), 'enum')

def m_dup_struct_schema(d, r):
    inline = [(p, s) for p, s in walk_schemas(d) if len(p) >= 2 and p[-2] == 'properties']
    return add_twin(d, r, inline, 'inline object')

def m_inline_ref(d, r):
    """Replace a property's $ref with the referenced schema's content."""
    c = []
    for p, s in walk_schemas(d):
        for k, v in s['properties'].items():
            if isinstance(v, dict) and list(v) == ['$ref'] and v['$ref'].startswith('#/'):
                c.append((p, s, k))
    if not c: return None
    p, s, k = r.choice(c)
    s['properties'][k] = copy.deepcopy(deref(d, s['properties'][k]))
    return f'inline the $ref of {k} at {p}'

def m_oneof_add(d, r):
    c = [(path, node, key) for path, node in walk(d, lambda node, path: True)
         for key in ('oneOf', 'anyOf') if isinstance(node.get(key), list) and len(node[key]) > 1]
    if not c: return None
    p, n, key = r.choice(c)
    if r.random() < 0.5:
        n[key].append({'type': 'object', 'properties': {'zz': {'type': 'string'}}, 'required': ['zz']})
        return f'add {key} member at {p}'
    n[key].pop()
    return f'remove {key} member at {p}'

def m_array_items_retype(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') == 'array' and isinstance(v.get('items'), dict)]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['items'] = {'type': 'integer'} if v['items'].get('type') != 'integer' else {'type': 'string'}
    return f'retype items of {k} at {p}'

def m_resp_header_add(d, r):
    o = [(p, m, op, k) for p, m, op in ops(d) for k in op.get('responses', {}) if k.startswith('2') and isinstance(op['responses'][k], dict) and '$ref' not in op['responses'][k]]
    if not o: return None
    p, m, op, k = r.choice(o)
    h = {'description': 'x', 'type': 'integer'} if 'swagger' in d else {'description': 'x', 'schema': {'type': 'integer'}}
    op['responses'][k].setdefault('headers', {})['X-Zz-Added'] = h
    return f'add response header to {k} of {m} {p}'

def m_media_change(d, r):
    if 'swagger' in d: return None
    o = [(p, m, op, k) for p, m, op in ops(d) for k, resp in op.get('responses', {}).items() if isinstance(resp, dict) and 'application/json' in resp.get('content', {})]
    if not o: return None
    p, m, op, k = r.choice(o)
    c = op['responses'][k]['content']
    if r.random() < 0.5:
        c['application/xml'] = copy.deepcopy(c['application/json'])
        return f'add xml media to {k} of {m} {p}'
    c['text/plain'] = {'schema': {'type': 'string'}}
    del c['application/json']
    return f'json -> text/plain for {k} of {m} {p}'

def m_body_media_change(d, r):
    o = [x for x in ops(d) if isinstance(x[2].get('requestBody'), dict) and 'application/json' in x[2]['requestBody'].get('content', {})]
    if not o: return None
    p, m, op = r.choice(o)
    c = op['requestBody']['content']
    c['application/x-www-form-urlencoded'] = copy.deepcopy(c['application/json'])
    if r.random() < 0.5:
        del c['application/json']
        return f'request body json -> form of {m} {p}'
    return f'request body gains form of {m} {p}'

def m_security_change(d, r):
    if 'swagger' in d: return None
    comps = d.setdefault('components', {})
    comps.setdefault('securitySchemes', {})['zzKey'] = {'type': 'apiKey', 'in': 'header', 'name': 'X-Zz-Key'}
    if r.random() < 0.5:
        d['security'] = [{'zzKey': []}]
        return 'global security becomes a new api key'
    o = ops(d)
    if not o: return None
    p, m, op = r.choice(o)
    op['security'] = [{'zzKey': []}]
    return f'operation {m} {p} needs a new api key'

def m_path_param_rename(d, r):
    c = []
    for p, item in d.get('paths', {}).items():
        if '{' in p and isinstance(item, dict):
            c.append(p)
    if not c: return None
    p = r.choice(c)
    name = re.search(r'\{([^}]+)\}', p).group(1)
    new_p = p.replace('{' + name + '}', '{' + name + '_renamed}')
    item = json.loads(json.dumps(d['paths'].pop(p)).replace(json.dumps(name), json.dumps(name + '_renamed')))
    d['paths'][new_p] = item
    return f'rename path param {name} in {p}'

def m_param_enum_add(d, r):
    c = [x for x in params_of(d) if 'schema' in x[4] and isinstance(x[4]['schema'], dict) and isinstance(x[4]['schema'].get('enum'), list)]
    if not c: return None
    p, m, op, i, prm = r.choice(c)
    prm = copy.deepcopy(prm); prm['schema']['enum'].append('zz_added'); op['parameters'][i] = prm
    return f'add value to enum of param {prm["name"]} of {m} {p}'

def m_int_format(d, r):
    c = [(p, s, k, v) for p, s in walk_schemas(d) for k, v in prop_types(s) if v.get('type') in ('integer', 'number')]
    if not c: return None
    p, s, k, v = r.choice(c)
    v['format'] = r.choice(['int32', 'int64', 'float', 'double'])
    return f'format {v["format"]} on {v["type"]} {k} at {p}'

MUTATIONS = [v for k, v in sorted(globals().items()) if k.startswith('m_')]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def client_crate(folder, spec):
    os.makedirs(os.path.join(folder, 'src'), exist_ok=True)
    with open(os.path.join(folder, 'Cargo.toml'), 'w') as f:
        f.write('[package]\nname = "referee"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
                f'[dependencies]\nkapso-codegen-runtime = {{ path = {json.dumps(RUNTIME)} }}\n\n[workspace]\n')
    out = run([CG, 'generate', spec, '-o', os.path.join(folder, 'src', 'lib.rs')])
    if out.returncode:
        raise RuntimeError('generate failed: ' + out.stderr[-2000:])


def rustdoc(folder):
    """The crate's rustdoc JSON (what cargo-semver-checks reads), built without nightly."""
    env = dict(os.environ, RUSTC_BOOTSTRAP='1', CARGO_TARGET_DIR=TARGET)
    out = run(['cargo', 'rustdoc', '--quiet', '--manifest-path', os.path.join(folder, 'Cargo.toml'),
               '--lib', '--', '-Zunstable-options', '--output-format', 'json'], env=env)
    if out.returncode:
        raise RuntimeError('rustdoc failed: ' + out.stderr[-3000:])
    path = os.path.join(folder, 'referee.json')
    os.replace(os.path.join(TARGET, 'doc', 'referee.json'), path)
    return path


def fuzz(spec_path, pairs, seed, mutations, tally):
    base = load(spec_path)
    name = os.path.splitext(os.path.basename(spec_path))[0]
    root = os.path.join(WORK, name)
    os.makedirs(root, exist_ok=True)
    old_spec = os.path.join(root, 'old.json')
    with open(old_spec, 'w') as f:
        json.dump(base, f, indent=1)
    client_crate(os.path.join(root, 'old'), old_spec)
    old_doc = rustdoc(os.path.join(root, 'old'))
    rng = random.Random(seed)
    done = tries = 0
    while done < pairs and tries < pairs * 10:
        tries += 1
        mutation = rng.choice(mutations)
        spec = copy.deepcopy(base)
        try:
            what = mutation(spec, rng)
        except (KeyError, IndexError, TypeError, AttributeError):
            what = None
        if what is None:
            continue
        index = done
        done += 1
        folder = os.path.join(root, f'{index:02}')
        os.makedirs(folder, exist_ok=True)
        new_spec = os.path.join(folder, 'new.json')
        with open(new_spec, 'w') as f:
            json.dump(spec, f, indent=1)
        label = f'{name} {index:02} {mutation.__name__}: {what}'
        report = run([CG, 'diff', old_spec, new_spec, '--format', 'json'])
        try:
            bump = json.loads(report.stdout)['bump']
        except ValueError:
            print(f'{label}: the edit made an invalid spec: {report.stderr.strip()[-300:]}', flush=True)
            continue
        with open(os.path.join(folder, 'report.json'), 'w') as f:
            f.write(report.stdout)
        try:
            client_crate(os.path.join(folder, 'new'), new_spec)
            new_doc = rustdoc(os.path.join(folder, 'new'))
        except RuntimeError as error:
            print(f'{label}: BUILD FAILED {error}', flush=True)
            tally.setdefault('BUILD FAILED', []).append(label)
            continue
        checks = run(['cargo', 'semver-checks', 'check-release', '--release-type', 'minor',
                      '--baseline-rustdoc', old_doc, '--current-rustdoc', new_doc])
        text = checks.stdout + checks.stderr
        major = 'requires new major version' in text
        if checks.returncode and not major:
            print(f'{label}: cargo-semver-checks failed: {text[-500:]}', flush=True)
            continue
        ours = bump == 'major'
        verdict = 'OK' if major == ours else ('MISSED' if major else 'OURS-ONLY')
        with open(os.path.join(folder, 'semver-checks.txt'), 'w') as f:
            f.write(text)
        tally.setdefault(verdict, []).append(mutation.__name__)
        print(f'{verdict:9} report={bump:5} semver-checks major={major!s:5} {label}', flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('specs', nargs='*', help='specs to edit (default: the repo fixtures)')
    parser.add_argument('--pairs', type=int, default=20, help='edits per spec')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--only', help='comma-separated kinds of edit (m_enum_add,...)')
    args = parser.parse_args()
    mutations = MUTATIONS
    if args.only:
        mutations = [m for m in MUTATIONS if m.__name__ in args.only.split(',')]
    build = run(['cargo', 'build', '--quiet', '-p', 'kapso-codegen'], cwd=ROOT)
    if build.returncode:
        sys.exit(build.stderr)
    tally = {}
    specs = args.specs or [os.path.join(ROOT, spec) for spec in DEFAULT_SPECS]
    for number, spec in enumerate(specs):
        fuzz(spec, args.pairs, args.seed + number, mutations, tally)
    print()
    for verdict in ('OK', 'OURS-ONLY', 'MISSED', 'BUILD FAILED'):
        kinds = tally.get(verdict, [])
        counts = ', '.join(f'{kind} {kinds.count(kind)}' for kind in sorted(set(kinds)))
        print(f'{verdict}: {len(kinds)}' + (f' ({counts})' if verdict != 'OK' and kinds else ''))
    sys.exit(1 if tally.get('MISSED') or tally.get('BUILD FAILED') else 0)


main()

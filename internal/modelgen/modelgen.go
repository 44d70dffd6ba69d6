// Package modelgen writes the code that is the same for every model of the
// SDK, from the models' own definitions: the struct types of the root
// package that have an `Extra Extra` field. Each field's Go name, JSON
// name (its json tag), type and doc comment are written once, there; for
// every model the generator emits, into <file>_gen.go beside the file
// that defines it:
//
//   - a one-pass decoder over the SDK's JSON reader, UnmarshalJSON and
//     MarshalJSON (unknown members kept in Extra and written back);
//   - nil-safe getters (u.GetAssignmentRecord().GetManager().GetEmail());
//   - Equal, which go-cmp uses;
//   - LogValue for log/slog, which never shows a Secret;
//   - UnparsedFields, the report of what could not be read.
//
// A field is a Field[T] of a scalar the decoder knows (see scalars), an
// Object[M] of a model, a Field[[]M] or a Field[OneOrMany[M]] of models.
// The struct tag `tribehr:"resolve"` on an Object[Image] makes the
// services resolve its URL against the account's base URL, and
// `tribehr:"resolve=attachments"` under /attachments/view/.
//
// Run it with go generate in the root directory; a test of the root
// package fails when the files on disk differ from what it writes.
package modelgen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

// scalars maps the Go types a Field may hold to the suffix of the
// decoder's and encoder's methods for them (stringField, ...).
var scalars = map[string]string{
	"string":             "string",
	"Secret":             "secret",
	"bool":               "bool",
	"int":                "int",
	"int64":              "int64",
	"ID":                 "id",
	"Date":               "date",
	"DateTime":           "dateTime",
	"Decimal":            "decimal",
	"LeaveRequestStatus": "leaveStatus",
}

// Model is one model type.
type Model struct {
	Name   string
	Fields []FieldDef
}

// FieldDef is one field of a model.
type FieldDef struct {
	Name string // Go name
	JSON string // member name
	Kind string // "scalar", "object", "list", "oneOrMany"
	Type string // the scalar type, or the model type of an object or list
	// Method is the decoder and encoder method of a scalar.
	Method string
	// Resolve is where an image URL resolves ("", "root" or "attachments").
	Resolve string
}

// GoType returns the field's Go type.
func (f FieldDef) GoType() string {
	switch f.Kind {
	case "object":
		return "Object[" + f.Type + "]"
	case "list":
		return "Field[[]" + f.Type + "]"
	case "oneOrMany":
		return "Field[OneOrMany[" + f.Type + "]]"
	}
	return "Field[" + f.Type + "]"
}

// ValueType returns the type a getter returns.
func (f FieldDef) ValueType() string {
	switch f.Kind {
	case "object":
		return "*" + f.Type
	case "list":
		return "[]" + f.Type
	case "oneOrMany":
		return "OneOrMany[" + f.Type + "]"
	}
	return f.Type
}

// Form is the parameters of a call: a struct type (not a model) whose
// every field has a `url` tag. The generator writes its form encoding,
// which matches go-querystring's for the same tags without reflection.
type Form struct {
	Name   string
	Fields []FormField
}

// FormField is one field of a Form.
type FormField struct {
	Name string // Go name
	Key  string // the url tag's name
	// Kind is "string", "int", "id", "bool", "encoder" (a type with
	// EncodeValues), "file" (a *File, sent as a part) or "form" (a nested
	// Form, written as key[field]).
	Kind string
	Type string
	Ptr  bool
	Omit bool // omitempty
	Int  bool // the int option: a bool as 0 or 1
}

// Cond returns the condition under which the field is written, or "".
func (f FormField) Cond() string {
	x := "p." + f.Name
	switch {
	case f.Ptr:
		return x + " != nil"
	case !f.Omit:
		return ""
	case f.Kind == "string":
		return x + ` != ""`
	case f.Kind == "int" || f.Kind == "id":
		return x + " != 0"
	case f.Kind == "bool":
		return x
	}
	return ""
}

// Write returns the statement that writes the field.
func (f FormField) Write() string {
	x := "p." + f.Name
	if f.Ptr && f.Kind != "file" && f.Kind != "form" {
		x = "*" + x
	}
	key := fmt.Sprintf("formKey(scope, %q)", f.Key)
	add := func(value string) string { return fmt.Sprintf("v.Add(%s, %s)", key, value) }
	switch f.Kind {
	case "string":
		if f.Type != "string" {
			x = "string(" + x + ")"
		}
		return add(x)
	case "int":
		return add("strconv.Itoa(" + x + ")")
	case "id":
		return add("strconv.FormatInt(int64(" + x + "), 10)")
	case "bool":
		if f.Int {
			return add("formBit(" + x + ")")
		}
		return add("strconv.FormatBool(" + x + ")")
	case "encoder":
		return fmt.Sprintf("if err := %s.EncodeValues(%s, &v); err != nil {\n\t\treturn err\n\t}", strings.TrimPrefix(x, "*"), key)
	case "file":
		return fmt.Sprintf("*parts = append(*parts, form.NamedPart{Field: %s, File: %s.formFile()})", key, x)
	}
	return fmt.Sprintf("if err := %s.appendForm(v, %s, parts); err != nil {\n\t\t\treturn err\n\t\t}", x, key)
}

// formKinds maps the types a Form field may have to their Kind.
var formKinds = map[string]string{
	"string": "string", "LeaveRequestStatus": "string", "LeaveRequestFilter": "string", "TextFormat": "string",
	"int": "int", "ID": "id", "bool": "bool",
	"Date": "encoder", "DateTime": "encoder", "IDs": "encoder",
	"File": "file",
}

// File is the models and forms of one source file.
type File struct {
	Source string
	Models []Model
	Forms  []Form
	// Imports are the packages the generated code needs.
	Imports []string
}

// Parse reads the models of the Go package in dir.
func Parse(dir string) ([]File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	fset := token.NewFileSet()
	var files []File
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasSuffix(base, "_test.go") || strings.HasSuffix(base, "_gen.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		file := File{Source: base}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				switch {
				case !ok:
				case hasExtra(st):
					m, err := parseModel(ts.Name.Name, st)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", base, err)
					}
					file.Models = append(file.Models, m)
				case isForm(st):
					fm, err := parseForm(ts.Name.Name, st)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", base, err)
					}
					file.Forms = append(file.Forms, fm)
				}
			}
		}
		if len(file.Models) > 0 || len(file.Forms) > 0 {
			files = append(files, file)
		}
	}
	return files, nil
}

// isForm reports whether every field of st has a url tag.
func isForm(st *ast.StructType) bool {
	if len(st.Fields.List) == 0 {
		return false
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			return false
		}
		raw, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			return false
		}
		if _, ok := reflect.StructTag(raw).Lookup("url"); !ok {
			return false
		}
	}
	return true
}

func parseForm(name string, st *ast.StructType) (Form, error) {
	fm := Form{Name: name}
	for _, f := range st.Fields.List {
		if len(f.Names) != 1 {
			return fm, fmt.Errorf("%s: declare one field a line", name)
		}
		raw, _ := strconv.Unquote(f.Tag.Value)
		key, opts, _ := strings.Cut(reflect.StructTag(raw).Get("url"), ",")
		ff := FormField{Name: f.Names[0].Name, Key: key}
		if key == "" || key == "-" {
			return fm, fmt.Errorf("%s.%s: a form field needs a url tag name", name, ff.Name)
		}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "":
			case "omitempty":
				ff.Omit = true
			case "int":
				ff.Int = true
			default:
				return fm, fmt.Errorf("%s.%s: url option %q is not supported", name, ff.Name, o)
			}
		}
		t := f.Type
		if star, ok := t.(*ast.StarExpr); ok {
			ff.Ptr, t = true, star.X
		}
		id, ok := t.(*ast.Ident)
		if !ok {
			return fm, fmt.Errorf("%s.%s: unsupported form field type", name, ff.Name)
		}
		ff.Type = id.Name
		if kind, ok := formKinds[id.Name]; ok {
			ff.Kind = kind
		} else {
			ff.Kind = "form" // checked against the forms found, in Generate
		}
		switch {
		case ff.Ptr && !ff.Omit:
			return fm, fmt.Errorf("%s.%s: a pointer field must be omitempty", name, ff.Name)
		case !ff.Ptr && ff.Omit && (ff.Kind == "encoder" || ff.Kind == "form"):
			return fm, fmt.Errorf("%s.%s: omitempty on a %s value is not supported", name, ff.Name, ff.Type)
		case (ff.Kind == "file" || ff.Kind == "form") && !ff.Ptr:
			return fm, fmt.Errorf("%s.%s: a %s field must be a pointer", name, ff.Name, ff.Type)
		case ff.Int && ff.Kind != "bool":
			return fm, fmt.Errorf("%s.%s: the int option is for booleans", name, ff.Name)
		}
		fm.Fields = append(fm.Fields, ff)
	}
	return fm, nil
}

func hasExtra(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if id, ok := f.Type.(*ast.Ident); ok && id.Name == "Extra" && len(f.Names) == 1 && f.Names[0].Name == "Extra" {
			return true
		}
	}
	return false
}

func parseModel(name string, st *ast.StructType) (Model, error) {
	m := Model{Name: name}
	for _, f := range st.Fields.List {
		if len(f.Names) != 1 {
			return m, fmt.Errorf("%s: declare one field a line", name)
		}
		fname := f.Names[0].Name
		if fname == "Extra" {
			continue
		}
		var tag reflect.StructTag
		if f.Tag != nil {
			raw, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				return m, err
			}
			tag = reflect.StructTag(raw)
		}
		jsonName, _, _ := strings.Cut(tag.Get("json"), ",")
		if jsonName == "" || jsonName == "-" {
			return m, fmt.Errorf("%s.%s: needs a json tag with the member name", name, fname)
		}
		def := FieldDef{Name: fname, JSON: jsonName}
		if r, ok := tag.Lookup("tribehr"); ok {
			switch r {
			case "resolve":
				def.Resolve = "root"
			case "resolve=attachments":
				def.Resolve = "attachments"
			default:
				return m, fmt.Errorf("%s.%s: unknown tribehr tag %q", name, fname, r)
			}
		}
		if err := classify(&def, f.Type); err != nil {
			return m, fmt.Errorf("%s.%s: %w", name, fname, err)
		}
		if def.Resolve != "" && (def.Kind != "object" || def.Type != "Image") {
			return m, fmt.Errorf("%s.%s: only an Object[Image] resolves", name, fname)
		}
		m.Fields = append(m.Fields, def)
	}
	return m, nil
}

// classify reads a field's type.
func classify(def *FieldDef, t ast.Expr) error {
	ix, ok := t.(*ast.IndexExpr)
	if !ok {
		return fmt.Errorf("must be a Field[T] or an Object[M]")
	}
	wrapper, ok := ix.X.(*ast.Ident)
	if !ok {
		return fmt.Errorf("must be a Field[T] or an Object[M]")
	}
	switch wrapper.Name {
	case "Object":
		id, ok := ix.Index.(*ast.Ident)
		if !ok {
			return fmt.Errorf("an Object holds a model type")
		}
		def.Kind, def.Type = "object", id.Name
		return nil
	case "Field":
	default:
		return fmt.Errorf("must be a Field[T] or an Object[M]")
	}
	switch inner := ix.Index.(type) {
	case *ast.Ident:
		method, ok := scalars[inner.Name]
		if !ok {
			return fmt.Errorf("a field of type %s is not a scalar the decoder knows; an embedded object is an Object[%s]", inner.Name, inner.Name)
		}
		def.Kind, def.Type, def.Method = "scalar", inner.Name, method
	case *ast.ArrayType:
		id, ok := inner.Elt.(*ast.Ident)
		if !ok || inner.Len != nil {
			return fmt.Errorf("a list holds a model type")
		}
		def.Kind, def.Type = "list", id.Name
	case *ast.IndexExpr:
		w, ok := inner.X.(*ast.Ident)
		id, ok2 := inner.Index.(*ast.Ident)
		if !ok || !ok2 || w.Name != "OneOrMany" {
			return fmt.Errorf("unsupported field type")
		}
		def.Kind, def.Type = "oneOrMany", id.Name
	default:
		return fmt.Errorf("unsupported field type")
	}
	return nil
}

// Generate returns the generated files of the package in dir, by name.
func Generate(dir string) (map[string][]byte, error) {
	files, err := Parse(dir)
	if err != nil {
		return nil, err
	}
	models, forms := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		for _, m := range f.Models {
			models[m.Name] = true
		}
		for _, fm := range f.Forms {
			forms[fm.Name] = true
		}
	}
	out := map[string][]byte{}
	for _, f := range files {
		imports := map[string]bool{}
		if len(f.Models) > 0 {
			imports["log/slog"] = true
		}
		for _, fm := range f.Forms {
			imports["net/url"] = true
			imports["github.com/tribehr/tribehr-go/internal/form"] = true
			for _, ff := range fm.Fields {
				switch {
				case ff.Kind == "form" && !forms[ff.Type]:
					return nil, fmt.Errorf("%s.%s: %s is neither a form nor a type the form encoder knows", fm.Name, ff.Name, ff.Type)
				case ff.Kind == "int" || ff.Kind == "id" || ff.Kind == "bool" && !ff.Int:
					imports["strconv"] = true
				}
			}
		}
		f.Imports = nil
		for imp := range imports {
			f.Imports = append(f.Imports, imp)
		}
		slices.Sort(f.Imports)
		for _, m := range f.Models {
			for _, fd := range m.Fields {
				if fd.Kind != "scalar" && !models[fd.Type] {
					return nil, fmt.Errorf("%s.%s: %s is not a model", m.Name, fd.Name, fd.Type)
				}
			}
		}
		var buf bytes.Buffer
		if err := fileTemplate.Execute(&buf, f); err != nil {
			return nil, err
		}
		src, err := format.Source(buf.Bytes())
		if err != nil {
			return nil, fmt.Errorf("format %s: %w\n%s", f.Source, err, buf.Bytes())
		}
		out[strings.TrimSuffix(f.Source, ".go")+"_gen.go"] = src
	}
	return out, nil
}

// Write generates the files of the package in dir and writes them there.
func Write(dir string) error {
	files, err := Generate(dir)
	if err != nil {
		return err
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

var fileTemplate = template.Must(template.New("file").Funcs(template.FuncMap{
	"article": func(s string) string {
		if strings.ContainsRune("AEIO", rune(s[0])) {
			return "an"
		}
		return "a"
	},
}).Parse(`// Code generated by internal/modelgen from {{.Source}}; DO NOT EDIT.

package tribehr

import (
{{- range .Imports}}
	{{printf "%q" .}}
{{- end}}
)
{{range $m := .Models}}
// decode{{.Name}} reads the members of {{article .Name}} {{.Name}} object.
func decode{{.Name}}(d *decoder, o *{{.Name}}) {
	if !d.beginObject() {
		return
	}
	for {
		key, ok := d.key()
		if !ok {
			return
		}
		switch string(key) {
		{{- range .Fields}}
		case {{printf "%q" .JSON}}:
			{{- if eq .Kind "scalar"}}
			d.{{.Method}}Field(&o.{{.Name}})
			{{- else if eq .Kind "object"}}
			objectField(d, &o.{{.Name}}, decode{{.Type}})
			{{- if eq .Resolve "root"}}
			d.resolveImage(&o.{{.Name}}, "")
			{{- else if eq .Resolve "attachments"}}
			d.resolveImage(&o.{{.Name}}, attachmentsPath)
			{{- end}}
			{{- else if eq .Kind "list"}}
			listField(d, &o.{{.Name}}, decode{{.Type}})
			{{- else}}
			oneOrManyField(d, &o.{{.Name}}, decode{{.Type}})
			{{- end}}
		{{- end}}
		default:
			d.extra(&o.Extra, key)
		}
	}
}

func (o *{{.Name}}) decodeJSON(d *decoder) {
	if d.topObject() {
		decode{{.Name}}(d, o)
	}
}

func (o *{{.Name}}) decodeMembers(d *decoder) { decode{{.Name}}(d, o) }

// UnmarshalJSON decodes {{article .Name}} {{.Name}} in one pass. Members it
// does not know are kept in Extra; a member it cannot read is an unparsed
// field, never an error.
func (o *{{.Name}}) UnmarshalJSON(b []byte) error {
	*o = {{.Name}}{}
	return unmarshalModel(b, o)
}

func (o *{{.Name}}) encodeJSON(e *encoder) {
	e.beginObject()
	{{- range .Fields}}
	{{- if eq .Kind "scalar"}}
	e.{{.Method}}Field({{printf "%q" .JSON}}, o.{{.Name}})
	{{- else if eq .Kind "object"}}
	encodeObjectField(e, {{printf "%q" .JSON}}, o.{{.Name}})
	{{- else}}
	encodeListField(e, {{printf "%q" .JSON}}, o.{{.Name}}.m, o.{{.Name}}.v)
	{{- end}}
	{{- end}}
	e.extra(o.Extra)
	e.endObject()
}

// MarshalJSON encodes the {{.Name}} as the JSON it came from: present
// fields (unparsed ones as they arrived), then the members of Extra.
func (o {{.Name}}) MarshalJSON() ([]byte, error) {
	e := newEncoder()
	o.encodeJSON(e)
	return e.buf, nil
}

// Equal reports whether o and p hold the same fields in the same states
// and the same unknown members. go-cmp's cmp.Equal and cmp.Diff use it.
func (o {{.Name}}) Equal(p {{.Name}}) bool {
	return {{range .Fields}}o.{{.Name}}.Equal(p.{{.Name}}) &&
		{{end}}extraEqual(o.Extra, p.Extra)
}

// LogValue logs the present fields of the {{.Name}}, for log/slog; a
// Secret logs redacted.
func (o {{.Name}}) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, {{len .Fields}})
	{{- range .Fields}}
	{{- if eq .Kind "scalar"}}
	attrs = logField(attrs, {{printf "%q" .JSON}}, o.{{.Name}})
	{{- else if eq .Kind "object"}}
	attrs = logObject(attrs, {{printf "%q" .JSON}}, o.{{.Name}})
	{{- else}}
	attrs = logList(attrs, {{printf "%q" .JSON}}, o.{{.Name}}.m, o.{{.Name}}.v)
	{{- end}}
	{{- end}}
	return slog.GroupValue(attrs...)
}

// UnparsedFields lists the fields of the {{.Name}}, and of the objects
// and lists inside it, that arrived in a form the SDK could not read.
func (o *{{.Name}}) UnparsedFields() []UnparsedField {
	return o.appendUnparsed(nil, "")
}

func (o *{{.Name}}) appendUnparsed(dst []UnparsedField, prefix string) []UnparsedField {
	if o == nil {
		return dst
	}
	{{- range .Fields}}
	{{- if eq .Kind "scalar"}}
	dst = appendUnparsed(dst, prefix, {{printf "%q" .JSON}}, o.{{.Name}}.m)
	{{- else if eq .Kind "object"}}
	dst = appendUnparsedObject(dst, prefix, {{printf "%q" .JSON}}, o.{{.Name}})
	{{- else}}
	dst = appendUnparsedList(dst, prefix, {{printf "%q" .JSON}}, o.{{.Name}}.m, o.{{.Name}}.v)
	{{- end}}
	{{- end}}
	return dst
}
{{range .Fields}}
{{- if eq .Kind "object"}}
// Get{{.Name}} returns the {{.Name}} object, or nil when o is nil or the
// field holds none.
func (o *{{$m.Name}}) Get{{.Name}}() *{{.Type}} {
	if o == nil {
		return nil
	}
	return o.{{.Name}}.p
}
{{else}}
// Get{{.Name}} returns the value of the {{.Name}} field, or the zero
// value when o is nil or the field holds none.
func (o *{{$m.Name}}) Get{{.Name}}() (v {{.ValueType}}) {
	if o != nil {
		v = o.{{.Name}}.v
	}
	return v
}
{{end}}
{{- end}}
{{- end}}
{{- range .Forms}}
// appendForm adds the form values of the {{.Name}} to v, its fields'
// keys inside scope (as scope[key]), and its files to parts.
func (p *{{.Name}}) appendForm(v url.Values, scope string, parts *[]form.NamedPart) error {
	if p == nil {
		return nil
	}
	{{- range .Fields}}
	{{- if .Cond}}
	if {{.Cond}} {
		{{.Write}}
	}
	{{- else}}
	{{.Write}}
	{{- end}}
	{{- end}}
	return nil
}
{{end}}`))

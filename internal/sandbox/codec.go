package sandbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// ErrNotCopyable is returned (wrapped) when a value cannot be copied to
// another process: channels, functions, unsafe pointers, values that refer
// to themselves and anything containing them.
var ErrNotCopyable = errors.New("value cannot be copied to another process")

// The encoding of a value is the JSON object {"t": typeDesc, "v": data}.
// The data layout depends on the type:
//
//	bool                 true or false
//	integers             a JSON number
//	floats               a JSON number, or "NaN", "+Inf", "-Inf"
//	complex              [re, im], each encoded as a float
//	string               a JSON string, or {"b64": "..."} if not valid UTF-8
//	[]byte-like slices   a base64 string, or null
//	other slices, arrays [elem, ...], or null for a nil slice
//	maps                 [[key, value], ...], or null for a nil map
//	pointers             the encoding of the element, or null
//	structs              [field0, field1, ...] in declaration order
//	interfaces           a nested {"t": ..., "v": ...} object, or null
//	named host types     see namedType: MarshalJSON output or an integer
//
// Decoding rebuilds the type from its descriptor, with limits on nesting
// and sizes so that hostile input cannot exhaust memory.

// Limits of the encoding.
const (
	// maxDepth bounds the nesting of types and values.
	maxDepth = 100
	// maxArrayLen bounds the length of a decoded array type.
	maxArrayLen = 1 << 24
	// maxTypeSize bounds the memory size of a decoded type.
	maxTypeSize = 1 << 32
	// minAllocBudget is the allocation allowance of decoding, on top of
	// an allowance proportional to the input length.
	minAllocBudget = 1 << 20
)

// Kind names used in type descriptors.
const (
	kindIface  = "interface"
	kindNamed  = "named"
	kindSlice  = "slice"
	kindArray  = "array"
	kindMap    = "map"
	kindPtr    = "ptr"
	kindStruct = "struct"
)

// typeDesc describes a type well enough for another process to rebuild it.
type typeDesc struct {
	Kind   string      `json:"k"`
	Name   string      `json:"n,omitempty"`   // kindNamed
	Len    int         `json:"len,omitempty"` // kindArray
	Key    *typeDesc   `json:"key,omitempty"` // kindMap
	Elem   *typeDesc   `json:"elem,omitempty"`
	Fields []fieldDesc `json:"fields,omitempty"` // kindStruct
}

// fieldDesc describes one struct field.
type fieldDesc struct {
	Name     string    `json:"name"`
	Type     *typeDesc `json:"type"`
	Tag      string    `json:"tag,omitempty"`
	Embedded bool      `json:"embedded,omitempty"`
}

// envelope is a self-describing encoded value.
type envelope struct {
	T *typeDesc       `json:"t"`
	V json.RawMessage `json:"v"`
}

// stringBytes is the encoding of a string that is not valid UTF-8.
type stringBytes struct {
	B64 string `json:"b64"`
}

// namedType returns the host type registered under name.
// Registered types cross processes by name rather than by structure.
func namedType(name string) (reflect.Type, bool) {
	switch name {
	case "sandbox.Queue":
		return reflect.TypeOf((*Queue)(nil)), true
	case "sandbox.JoinableQueue":
		return reflect.TypeOf((*JoinableQueue)(nil)), true
	case "sandbox.Lock":
		return reflect.TypeOf((*Lock)(nil)), true
	case "time.Time":
		return reflect.TypeOf(time.Time{}), true
	case "time.Duration":
		return reflect.TypeOf(time.Duration(0)), true
	}
	return nil, false
}

// typeName is the inverse of namedType.
func typeName(t reflect.Type) (string, bool) {
	switch t {
	case reflect.TypeOf((*Queue)(nil)):
		return "sandbox.Queue", true
	case reflect.TypeOf((*JoinableQueue)(nil)):
		return "sandbox.JoinableQueue", true
	case reflect.TypeOf((*Lock)(nil)):
		return "sandbox.Lock", true
	case reflect.TypeOf(time.Time{}):
		return "time.Time", true
	case reflect.TypeOf(time.Duration(0)):
		return "time.Duration", true
	}
	return "", false
}

// basicType returns the predeclared type of a basic kind name.
func basicType(kind string) (reflect.Type, bool) {
	var v any
	switch kind {
	case "bool":
		v = false
	case "int":
		v = int(0)
	case "int8":
		v = int8(0)
	case "int16":
		v = int16(0)
	case "int32":
		v = int32(0)
	case "int64":
		v = int64(0)
	case "uint":
		v = uint(0)
	case "uint8":
		v = uint8(0)
	case "uint16":
		v = uint16(0)
	case "uint32":
		v = uint32(0)
	case "uint64":
		v = uint64(0)
	case "uintptr":
		v = uintptr(0)
	case "float32":
		v = float32(0)
	case "float64":
		v = float64(0)
	case "complex64":
		v = complex64(0)
	case "complex128":
		v = complex128(0)
	case "string":
		v = ""
	default:
		return nil, false
	}
	return reflect.TypeOf(v), true
}

var anyType = reflect.TypeOf((*any)(nil)).Elem()

// notCopyableError reports a value that cannot cross a process boundary.
type notCopyableError struct {
	path   string // e.g. ".Done" or "[3].Items"; empty for the value itself
	typ    reflect.Type
	reason string
}

func (e *notCopyableError) Error() string {
	var b bytes.Buffer
	switch {
	case e.path == "":
	case e.path[0] == '.':
		fmt.Fprintf(&b, "field %s: ", e.path[1:])
	default:
		fmt.Fprintf(&b, "element %s: ", e.path)
	}
	fmt.Fprintf(&b, "%v: %v", e.typ, ErrNotCopyable)
	if e.reason != "" {
		fmt.Fprintf(&b, " (%s)", e.reason)
	}
	return b.String()
}

func (e *notCopyableError) Unwrap() error { return ErrNotCopyable }

// encodeValue encodes v, including its type, for decodeValue or decodeInto
// in another process.
func encodeValue(v any) ([]byte, error) {
	e := &encoder{onPath: make(map[visit]bool)}
	if err := e.encodeIface(reflect.ValueOf(v), "", 0); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

// visit identifies a pointer, slice or map being encoded, to detect cycles.
type visit struct {
	ptr uintptr
	typ reflect.Type
	len int
}

type encoder struct {
	buf    bytes.Buffer
	onPath map[visit]bool
}

// encodeIface writes the envelope of v, which may be the invalid Value
// of a nil interface.
func (e *encoder) encodeIface(v reflect.Value, path string, depth int) error {
	if !v.IsValid() {
		e.buf.WriteString(`{"t":{"k":"interface"},"v":null}`)
		return nil
	}
	desc, err := describe(v.Type(), path, 0, make(map[reflect.Type]bool))
	if err != nil {
		return err
	}
	t, err := json.Marshal(desc)
	if err != nil {
		return fmt.Errorf("sandbox: encode type %v: %w", v.Type(), err)
	}
	e.buf.WriteString(`{"t":`)
	e.buf.Write(t)
	e.buf.WriteString(`,"v":`)
	if err := e.encode(v, path, depth); err != nil {
		return err
	}
	e.buf.WriteByte('}')
	return nil
}

// describe returns the descriptor of t. Types on the current path are
// in seen, to reject recursive types.
func describe(t reflect.Type, path string, depth int, seen map[reflect.Type]bool) (*typeDesc, error) {
	if depth > maxDepth {
		return nil, &notCopyableError{path: path, typ: t, reason: fmt.Sprintf("type nested more than %d levels", maxDepth)}
	}
	if name, ok := typeName(t); ok {
		return &typeDesc{Kind: kindNamed, Name: name}, nil
	}
	if seen[t] {
		return nil, &notCopyableError{path: path, typ: t, reason: "recursive type"}
	}
	seen[t] = true
	defer delete(seen, t)
	switch t.Kind() {
	case reflect.Chan, reflect.Func:
		return nil, &notCopyableError{path: path, typ: t, reason: "channels and functions live in one process; use a sandbox.Queue"}
	case reflect.UnsafePointer:
		return nil, &notCopyableError{path: path, typ: t, reason: "unsafe pointers are addresses in one process"}
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return nil, &notCopyableError{path: path, typ: t, reason: "only interface{} (any) fields can be copied"}
		}
		return &typeDesc{Kind: kindIface}, nil
	case reflect.Slice, reflect.Array, reflect.Pointer:
		elem, err := describe(t.Elem(), path+"[]", depth+1, seen)
		if err != nil {
			return nil, err
		}
		d := &typeDesc{Kind: kindSlice, Elem: elem}
		if t.Kind() == reflect.Array {
			d.Kind, d.Len = kindArray, t.Len()
		} else if t.Kind() == reflect.Pointer {
			d.Kind = kindPtr
		}
		return d, nil
	case reflect.Map:
		key, err := describe(t.Key(), path+"[key]", depth+1, seen)
		if err != nil {
			return nil, err
		}
		elem, err := describe(t.Elem(), path+"[]", depth+1, seen)
		if err != nil {
			return nil, err
		}
		return &typeDesc{Kind: kindMap, Key: key, Elem: elem}, nil
	case reflect.Struct:
		d := &typeDesc{Kind: kindStruct, Fields: make([]fieldDesc, t.NumField())}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return nil, &notCopyableError{path: path, typ: t, reason: "unexported field " + f.Name}
			}
			if f.Anonymous && hasMethods(f.Type) {
				// reflect.StructOf cannot rebuild such a type correctly.
				return nil, &notCopyableError{path: path, typ: t, reason: "embedded field " + f.Name + " has methods"}
			}
			ft, err := describe(f.Type, path+"."+f.Name, depth+1, seen)
			if err != nil {
				return nil, err
			}
			d.Fields[i] = fieldDesc{Name: f.Name, Type: ft, Tag: string(f.Tag), Embedded: f.Anonymous}
		}
		return d, nil
	}
	kind := t.Kind().String()
	if _, ok := basicType(kind); !ok {
		return nil, &notCopyableError{path: path, typ: t}
	}
	return &typeDesc{Kind: kind}, nil
}

// encode writes the data of v, whose type has been described.
func (e *encoder) encode(v reflect.Value, path string, depth int) error {
	if depth > maxDepth {
		return &notCopyableError{path: path, typ: v.Type(), reason: fmt.Sprintf("value nested more than %d levels", maxDepth)}
	}
	t := v.Type()
	if name, ok := typeName(t); ok {
		return e.encodeNamed(v, name, path)
	}
	b := e.buf.AvailableBuffer()
	switch t.Kind() {
	case reflect.Bool:
		e.buf.Write(strconv.AppendBool(b, v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf.Write(strconv.AppendInt(b, v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.buf.Write(strconv.AppendUint(b, v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		e.buf.Write(appendFloat(b, v.Float(), t.Bits()))
	case reflect.Complex64, reflect.Complex128:
		c, bits := v.Complex(), t.Bits()/2
		b = append(b, '[')
		b = appendFloat(b, real(c), bits)
		b = append(b, ',')
		b = appendFloat(b, imag(c), bits)
		e.buf.Write(append(b, ']'))
	case reflect.String:
		s := v.String()
		var data []byte
		var err error
		if utf8.ValidString(s) {
			data, err = json.Marshal(s)
		} else {
			data, err = json.Marshal(stringBytes{B64: base64.StdEncoding.EncodeToString([]byte(s))})
		}
		if err != nil {
			return fmt.Errorf("sandbox: encode string: %w", err)
		}
		e.buf.Write(data)
	case reflect.Interface:
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		return e.encodeIface(v.Elem(), path, depth+1)
	case reflect.Pointer:
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		return e.enter(v, path, func() error { return e.encode(v.Elem(), path, depth+1) })
	case reflect.Slice:
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			data := make([]byte, v.Len())
			for i := range data {
				data[i] = byte(v.Index(i).Uint())
			}
			e.buf.WriteByte('"')
			e.buf.WriteString(base64.StdEncoding.EncodeToString(data))
			e.buf.WriteByte('"')
			return nil
		}
		return e.enter(v, path, func() error { return e.encodeList(v, path, depth) })
	case reflect.Array:
		return e.encodeList(v, path, depth)
	case reflect.Map:
		if v.IsNil() {
			e.buf.WriteString("null")
			return nil
		}
		return e.enter(v, path, func() error { return e.encodeMap(v, path, depth) })
	case reflect.Struct:
		e.buf.WriteByte('[')
		for i := range v.NumField() {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			if err := e.encode(v.Field(i), path+"."+t.Field(i).Name, depth+1); err != nil {
				return err
			}
		}
		e.buf.WriteByte(']')
	default:
		return &notCopyableError{path: path, typ: t}
	}
	return nil
}

// enter runs f with v marked as being encoded, failing if it already is.
func (e *encoder) enter(v reflect.Value, path string, f func() error) error {
	key := visit{ptr: v.Pointer(), typ: v.Type()}
	if v.Kind() == reflect.Slice {
		key.len = v.Len()
	}
	if e.onPath[key] {
		return &notCopyableError{path: path, typ: v.Type(), reason: "the value contains itself"}
	}
	e.onPath[key] = true
	defer delete(e.onPath, key)
	return f()
}

func (e *encoder) encodeList(v reflect.Value, path string, depth int) error {
	e.buf.WriteByte('[')
	for i := range v.Len() {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		if err := e.encode(v.Index(i), path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
			return err
		}
	}
	e.buf.WriteByte(']')
	return nil
}

func (e *encoder) encodeMap(v reflect.Value, path string, depth int) error {
	e.buf.WriteByte('[')
	it := v.MapRange()
	for i := 0; it.Next(); i++ {
		if i > 0 {
			e.buf.WriteByte(',')
		}
		e.buf.WriteByte('[')
		if err := e.encode(it.Key(), path+"[key]", depth+1); err != nil {
			return err
		}
		e.buf.WriteByte(',')
		if err := e.encode(it.Value(), path+"["+fmt.Sprint(it.Key())+"]", depth+1); err != nil {
			return err
		}
		e.buf.WriteByte(']')
	}
	e.buf.WriteByte(']')
	return nil
}

func (e *encoder) encodeNamed(v reflect.Value, name, path string) error {
	if v.Kind() == reflect.Int64 { // time.Duration
		e.buf.Write(strconv.AppendInt(e.buf.AvailableBuffer(), v.Int(), 10))
		return nil
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		e.buf.WriteString("null")
		return nil
	}
	m, ok := v.Interface().(json.Marshaler)
	if !ok {
		return &notCopyableError{path: path, typ: v.Type(), reason: name + " has no MarshalJSON method"}
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("sandbox: encode %s: %w", name, err)
	}
	if !json.Valid(data) {
		return fmt.Errorf("sandbox: encode %s: MarshalJSON returned invalid JSON", name)
	}
	e.buf.Write(data)
	return nil
}

func appendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"+Inf"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Inf"`...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}

// decodeValue decodes an encodeValue encoding, rebuilding the value's type
// from its descriptor: an int comes back as an int, a []string as a
// []string, and a struct as a struct type with the same fields (for struct
// types built with reflect.StructOf, the very same type).
// A nil interface decodes as nil.
func decodeValue(b []byte) (any, error) {
	d := newDecoder(b)
	v, err := d.decodeEnvelope(b, 0)
	if err != nil {
		return nil, err
	}
	if !v.IsValid() {
		return nil, nil
	}
	return v.Interface(), nil
}

// decodeInto decodes an encodeValue encoding into a value of type t.
// The encoded type must be assignable to t, or have the same structure
// (same kinds, array lengths and field names, as for the struct types of
// compiled code that decodeValue rebuilds unnamed); when t is an interface
// type, the encoded type must implement it.
func decodeInto(b []byte, t reflect.Type) (reflect.Value, error) {
	if t == nil {
		return reflect.Value{}, errors.New("sandbox: decode into nil type")
	}
	d := newDecoder(b)
	env, vt, err := d.parseEnvelope(b, 0)
	if err != nil {
		return reflect.Value{}, err
	}
	if vt.Kind() == reflect.Interface { // nil
		if !isNull(env.V) {
			return reflect.Value{}, errors.New("sandbox: decode: value of interface type without a concrete type")
		}
		switch t.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Slice, reflect.Map:
			return reflect.Zero(t), nil
		}
		return reflect.Value{}, fmt.Errorf("sandbox: cannot decode nil into %v", t)
	}
	switch {
	case vt.AssignableTo(t):
		v, err := d.decodeData(env.V, vt)
		if err != nil {
			return reflect.Value{}, err
		}
		out := reflect.New(t).Elem()
		out.Set(v)
		return out, nil
	case t.Kind() == reflect.Interface:
		return reflect.Value{}, fmt.Errorf("sandbox: cannot decode %v into %v: missing methods", vt, t)
	case sameStructure(vt, t, 0):
		return d.decodeData(env.V, t)
	}
	return reflect.Value{}, fmt.Errorf("sandbox: cannot decode %v into %v", vt, t)
}

// sameStructure reports whether data encoded for type a can be decoded
// into type b: same kinds, array lengths and field names, registered
// types only as themselves. Interfaces in b are checked when decoding.
func sameStructure(a, b reflect.Type, depth int) bool {
	if a == b {
		return true
	}
	_, aNamed := typeName(a)
	_, bNamed := typeName(b)
	if aNamed || bNamed || a.Kind() != b.Kind() || depth > maxDepth {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Slice:
		return sameStructure(a.Elem(), b.Elem(), depth+1)
	case reflect.Array:
		return a.Len() == b.Len() && sameStructure(a.Elem(), b.Elem(), depth+1)
	case reflect.Map:
		return sameStructure(a.Key(), b.Key(), depth+1) && sameStructure(a.Elem(), b.Elem(), depth+1)
	case reflect.Struct:
		if a.NumField() != b.NumField() {
			return false
		}
		for i := range a.NumField() {
			fa, fb := a.Field(i), b.Field(i)
			if fa.Name != fb.Name || !fb.IsExported() || !sameStructure(fa.Type, fb.Type, depth+1) {
				return false
			}
		}
		return true
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	}
	return true
}

type decoder struct {
	budget int // bytes the decoder may still allocate
}

func newDecoder(b []byte) *decoder {
	return &decoder{budget: minAllocBudget + 16*len(b)}
}

// alloc charges n bytes of allocation for a value of type t.
func (d *decoder) alloc(n uintptr, t reflect.Type) error {
	if n > uintptr(d.budget) {
		return fmt.Errorf("sandbox: decode %v: value too large for its encoding", t)
	}
	d.budget -= int(n)
	return nil
}

// allocN charges the allocation of n elements of the given size.
func (d *decoder) allocN(n int, size uintptr, t reflect.Type) error {
	if size != 0 && uintptr(n) > uintptr(d.budget)/size {
		return fmt.Errorf("sandbox: decode %v: value too large for its encoding", t)
	}
	return d.alloc(uintptr(n)*size, t)
}

// parseEnvelope parses {"t": ..., "v": ...} and rebuilds its type.
func (d *decoder) parseEnvelope(b []byte, depth int) (envelope, reflect.Type, error) {
	if depth > maxDepth {
		return envelope{}, nil, fmt.Errorf("sandbox: decode: value nested more than %d levels", maxDepth)
	}
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return envelope{}, nil, fmt.Errorf("sandbox: decode: %w", err)
	}
	if env.T == nil || env.V == nil {
		return envelope{}, nil, errors.New("sandbox: decode: missing type or value")
	}
	t, err := buildType(env.T, depth)
	if err != nil {
		return envelope{}, nil, err
	}
	return env, t, nil
}

// decodeEnvelope decodes {"t": ..., "v": ...}. It returns the invalid
// Value for a nil interface.
func (d *decoder) decodeEnvelope(b []byte, depth int) (reflect.Value, error) {
	env, t, err := d.parseEnvelope(b, depth)
	if err != nil {
		return reflect.Value{}, err
	}
	if t.Kind() == reflect.Interface {
		if isNull(env.V) {
			return reflect.Value{}, nil
		}
		return reflect.Value{}, errors.New("sandbox: decode: value of interface type without a concrete type")
	}
	return d.decodeDataDepth(env.V, t, depth)
}

// decodeData decodes data b as a new value of type t.
func (d *decoder) decodeData(b []byte, t reflect.Type) (reflect.Value, error) {
	return d.decodeDataDepth(b, t, 0)
}

func (d *decoder) decodeDataDepth(b []byte, t reflect.Type, depth int) (reflect.Value, error) {
	if err := d.alloc(t.Size(), t); err != nil {
		return reflect.Value{}, err
	}
	v := reflect.New(t).Elem()
	if err := d.decode(b, v, depth); err != nil {
		return reflect.Value{}, err
	}
	return v, nil
}

// buildType rebuilds the type described by desc.
func buildType(desc *typeDesc, depth int) (reflect.Type, error) {
	if desc == nil {
		return nil, errors.New("sandbox: decode: missing type")
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("sandbox: decode: type nested more than %d levels", maxDepth)
	}
	switch desc.Kind {
	case kindIface:
		return anyType, nil
	case kindNamed:
		t, ok := namedType(desc.Name)
		if !ok {
			return nil, fmt.Errorf("sandbox: decode: unknown type name %q", desc.Name)
		}
		return t, nil
	case kindSlice, kindPtr:
		elem, err := buildType(desc.Elem, depth+1)
		if err != nil {
			return nil, err
		}
		if desc.Kind == kindPtr {
			return reflect.PointerTo(elem), nil
		}
		return reflect.SliceOf(elem), nil
	case kindArray:
		elem, err := buildType(desc.Elem, depth+1)
		if err != nil {
			return nil, err
		}
		if desc.Len < 0 || desc.Len > maxArrayLen || (elem.Size() != 0 && uintptr(desc.Len) > maxTypeSize/elem.Size()) {
			return nil, fmt.Errorf("sandbox: decode: bad array length %d", desc.Len)
		}
		return reflect.ArrayOf(desc.Len, elem), nil
	case kindMap:
		key, err := buildType(desc.Key, depth+1)
		if err != nil {
			return nil, err
		}
		if !key.Comparable() {
			return nil, fmt.Errorf("sandbox: decode: map key type %v is not comparable", key)
		}
		elem, err := buildType(desc.Elem, depth+1)
		if err != nil {
			return nil, err
		}
		return reflect.MapOf(key, elem), nil
	case kindStruct:
		return buildStruct(desc, depth)
	}
	if t, ok := basicType(desc.Kind); ok {
		return t, nil
	}
	return nil, fmt.Errorf("sandbox: decode: unknown kind %q", desc.Kind)
}

func buildStruct(desc *typeDesc, depth int) (reflect.Type, error) {
	fields := make([]reflect.StructField, len(desc.Fields))
	names := make(map[string]bool, len(fields))
	var size uintptr
	for i, f := range desc.Fields {
		if !token.IsIdentifier(f.Name) || !token.IsExported(f.Name) {
			return nil, fmt.Errorf("sandbox: decode: bad field name %q", f.Name)
		}
		if names[f.Name] {
			return nil, fmt.Errorf("sandbox: decode: duplicate field %q", f.Name)
		}
		names[f.Name] = true
		ft, err := buildType(f.Type, depth+1)
		if err != nil {
			return nil, err
		}
		if f.Embedded && hasMethods(ft) {
			return nil, fmt.Errorf("sandbox: decode: embedded field %s of type %v has methods", f.Name, ft)
		}
		if size += ft.Size(); size > maxTypeSize {
			return nil, errors.New("sandbox: decode: struct type too large")
		}
		fields[i] = reflect.StructField{Name: f.Name, Type: ft, Tag: reflect.StructTag(f.Tag), Anonymous: f.Embedded}
	}
	return structOf(fields)
}

// structOf is reflect.StructOf, returning an error for the field lists
// that reflect rejects (for instance some embedded fields with methods).
func structOf(fields []reflect.StructField) (t reflect.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sandbox: decode: cannot build struct type: %v", r)
		}
	}()
	return reflect.StructOf(fields), nil
}

// hasMethods reports whether t or *t has methods.
func hasMethods(t reflect.Type) bool {
	return t.NumMethod() > 0 || (t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && reflect.PointerTo(t).NumMethod() > 0)
}

func isNull(b []byte) bool {
	return string(bytes.TrimSpace(b)) == "null"
}

// decode decodes data b into v, which is settable and zero.
func (d *decoder) decode(b []byte, v reflect.Value, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("sandbox: decode: value nested more than %d levels", maxDepth)
	}
	t := v.Type()
	if name, ok := typeName(t); ok {
		return d.decodeNamed(b, v, name)
	}
	bad := func(err error) error {
		if err == nil {
			return fmt.Errorf("sandbox: decode %v: bad data %.40q", t, b)
		}
		return fmt.Errorf("sandbox: decode %v: %w", t, err)
	}
	b = bytes.TrimSpace(b)
	switch t.Kind() {
	case reflect.Bool:
		switch string(b) {
		case "true":
			v.SetBool(true)
		case "false":
		default:
			return bad(nil)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(string(b), 10, t.Bits())
		if err != nil {
			return bad(err)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(string(b), 10, t.Bits())
		if err != nil {
			return bad(err)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := parseFloat(b, t.Bits())
		if err != nil {
			return bad(err)
		}
		v.SetFloat(f)
	case reflect.Complex64, reflect.Complex128:
		var parts []json.RawMessage
		if err := json.Unmarshal(b, &parts); err != nil {
			return bad(err)
		}
		if len(parts) != 2 {
			return bad(nil)
		}
		re, err := parseFloat(parts[0], t.Bits()/2)
		if err != nil {
			return bad(err)
		}
		im, err := parseFloat(parts[1], t.Bits()/2)
		if err != nil {
			return bad(err)
		}
		v.SetComplex(complex(re, im))
	case reflect.String:
		if len(b) > 0 && b[0] == '{' {
			var sb stringBytes
			if err := json.Unmarshal(b, &sb); err != nil {
				return bad(err)
			}
			raw, err := base64.StdEncoding.DecodeString(sb.B64)
			if err != nil {
				return bad(err)
			}
			v.SetString(string(raw))
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return bad(err)
		}
		v.SetString(s)
	case reflect.Interface:
		if isNull(b) {
			return nil
		}
		inner, err := d.decodeEnvelope(b, depth+1)
		if err != nil {
			return err
		}
		if inner.IsValid() {
			if !inner.Type().AssignableTo(t) {
				return bad(fmt.Errorf("%v does not implement it", inner.Type()))
			}
			v.Set(inner)
		}
	case reflect.Pointer:
		if isNull(b) {
			return nil
		}
		if err := d.alloc(t.Elem().Size(), t.Elem()); err != nil {
			return err
		}
		p := reflect.New(t.Elem())
		if err := d.decode(b, p.Elem(), depth+1); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Slice:
		if isNull(b) {
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 && len(b) > 0 && b[0] == '"' {
			var raw []byte
			if err := json.Unmarshal(b, &raw); err != nil {
				return bad(err)
			}
			if err := d.alloc(uintptr(len(raw)), t); err != nil {
				return err
			}
			s := reflect.MakeSlice(t, len(raw), len(raw))
			for i, c := range raw {
				s.Index(i).SetUint(uint64(c))
			}
			v.Set(s)
			return nil
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(b, &elems); err != nil {
			return bad(err)
		}
		if elems == nil {
			return bad(nil)
		}
		if err := d.allocN(len(elems), t.Elem().Size(), t); err != nil {
			return err
		}
		s := reflect.MakeSlice(t, len(elems), len(elems))
		for i, e := range elems {
			if err := d.decode(e, s.Index(i), depth+1); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Array:
		var elems []json.RawMessage
		if err := json.Unmarshal(b, &elems); err != nil {
			return bad(err)
		}
		if len(elems) != t.Len() {
			return bad(fmt.Errorf("%d elements for an array of %d", len(elems), t.Len()))
		}
		for i, e := range elems {
			if err := d.decode(e, v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		if isNull(b) {
			return nil
		}
		var pairs [][]json.RawMessage
		if err := json.Unmarshal(b, &pairs); err != nil {
			return bad(err)
		}
		if pairs == nil {
			return bad(nil)
		}
		m := reflect.MakeMapWithSize(t, len(pairs))
		for _, p := range pairs {
			if len(p) != 2 {
				return bad(errors.New("map entry is not a [key, value] pair"))
			}
			if err := d.alloc(t.Key().Size()+t.Elem().Size(), t); err != nil {
				return err
			}
			k := reflect.New(t.Key()).Elem()
			if err := d.decode(p[0], k, depth+1); err != nil {
				return err
			}
			if !k.Comparable() {
				return bad(fmt.Errorf("map key of type %v is not comparable", k.Elem().Type()))
			}
			e := reflect.New(t.Elem()).Elem()
			if err := d.decode(p[1], e, depth+1); err != nil {
				return err
			}
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		var elems []json.RawMessage
		if err := json.Unmarshal(b, &elems); err != nil {
			return bad(err)
		}
		if len(elems) != t.NumField() {
			return bad(fmt.Errorf("%d values for a struct of %d fields", len(elems), t.NumField()))
		}
		for i, e := range elems {
			if err := d.decode(e, v.Field(i), depth+1); err != nil {
				return err
			}
		}
	default:
		return bad(errors.New("unsupported kind"))
	}
	return nil
}

func (d *decoder) decodeNamed(b []byte, v reflect.Value, name string) error {
	t := v.Type()
	if t.Kind() == reflect.Int64 { // time.Duration
		n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
		if err != nil {
			return fmt.Errorf("sandbox: decode %s: %w", name, err)
		}
		v.SetInt(n)
		return nil
	}
	var target reflect.Value // a pointer to unmarshal into
	if t.Kind() == reflect.Pointer {
		if isNull(b) {
			return nil
		}
		target = reflect.New(t.Elem())
	} else {
		target = v.Addr()
	}
	u, ok := target.Interface().(json.Unmarshaler)
	if !ok {
		return fmt.Errorf("sandbox: decode %s: no UnmarshalJSON method", name)
	}
	if err := u.UnmarshalJSON(b); err != nil {
		return fmt.Errorf("sandbox: decode %s: %w", name, err)
	}
	if t.Kind() == reflect.Pointer {
		v.Set(target)
	}
	return nil
}

func parseFloat(b []byte, bits int) (float64, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		switch string(b) {
		case `"NaN"`:
			return math.NaN(), nil
		case `"+Inf"`:
			return math.Inf(1), nil
		case `"-Inf"`:
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("bad float %.40q", b)
	}
	if len(b) == 0 || !(b[0] == '-' || '0' <= b[0] && b[0] <= '9') {
		return 0, fmt.Errorf("bad float %.40q", b)
	}
	return strconv.ParseFloat(string(b), bits)
}

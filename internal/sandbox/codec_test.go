package sandbox

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"
)

type codecPoint struct {
	X, Y int
}

type codecInner struct {
	Name  string
	Tags  []string
	Extra any
}

type codecOuter struct {
	ID     int64
	Inner  codecInner
	Ptr    *codecInner
	Nil    *int
	Scores map[string]float64
	Any    any
	When   time.Time
	Wait   time.Duration
	Data   []byte
	Arr    [3]uint16
	C      complex64
	Keys   map[codecPoint]string
	Nested [][]int
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := encodeValue(v)
	if err != nil {
		t.Fatalf("encodeValue(%#v): %v", v, err)
	}
	got, err := decodeValue(b)
	if err != nil {
		t.Fatalf("decodeValue(%s): %v", b, err)
	}
	return got
}

func TestCodecRoundTrip(t *testing.T) {
	seven := 7
	when := time.Date(2024, 3, 1, 12, 30, 0, 123456789, time.UTC)
	tests := []any{
		nil,
		true,
		false,
		0,
		-42,
		int8(-128),
		int16(32767),
		int32(-1 << 31),
		int64(math.MaxInt64),
		int64(math.MinInt64),
		uint(7),
		uint8(255),
		uint16(65535),
		uint32(math.MaxUint32),
		uint64(math.MaxUint64),
		uintptr(12),
		float32(1.5),
		float32(math.MaxFloat32),
		3.141592653589793,
		math.SmallestNonzeroFloat64,
		math.Inf(1),
		math.Inf(-1),
		complex64(complex(1, -2)),
		complex(math.Inf(1), 0.1),
		"",
		"héllo \"world\"\n<tag> \u2028",
		"\xff\xfe not utf-8",
		[]string{"a", "b"},
		[]string{},
		[]string(nil),
		[]int{1, 2, 3},
		[]byte("bytes"),
		[]byte{},
		[]any{1, "two", 3.0, nil, []int{4}},
		[2]bool{true, false},
		[0]int{},
		map[string]int{"a": 1, "b": 2},
		map[string]int(nil),
		map[int][]string{1: {"x"}, -2: nil},
		map[float64]bool{1.5: true},
		map[any]int{"a": 1, 2: 2, struct{ X, Y int }{1, 2}: 3},
		map[[2]int]string{{1, 2}: "a"},
		&seven,
		(*int)(nil),
		codecPoint{1, 2},
		&codecPoint{3, 4},
		[]*codecPoint{{5, 6}, nil},
		struct{}{},
		when,
		90 * time.Second,
		[]time.Duration{time.Second, -time.Millisecond},
		codecOuter{
			ID:     9,
			Inner:  codecInner{Name: "in", Tags: []string{"t"}, Extra: map[string]any{"k": []any{1, "v"}}},
			Ptr:    &codecInner{Name: "p"},
			Scores: map[string]float64{"x": 0.5},
			Any:    struct{ X, Y int }{7, 8},
			When:   when,
			Wait:   time.Minute,
			Data:   []byte{0, 1, 255},
			Arr:    [3]uint16{1, 2, 3},
			C:      complex(1, 2),
			Keys:   map[codecPoint]string{{1, 1}: "one"},
			Nested: [][]int{{1}, nil, {}},
		},
	}
	for _, v := range tests {
		b := mustEncode(t, v)
		var got any
		if typ := reflect.TypeOf(v); hasNamedStruct(typ) {
			// decodeValue rebuilds named struct types of compiled code
			// as unnamed ones; decodeInto gets them back.
			out, err := decodeInto(b, typ)
			if err != nil {
				t.Errorf("decodeInto(%s, %v): %v", b, typ, err)
				continue
			}
			got = out.Interface()
		} else {
			var err error
			if got, err = decodeValue(b); err != nil {
				t.Errorf("decodeValue(%s): %v", b, err)
				continue
			}
		}
		if reflect.TypeOf(got) != reflect.TypeOf(v) {
			t.Errorf("round trip of %#v: type %T, want %T", v, got, v)
		} else if !reflect.DeepEqual(got, v) {
			t.Errorf("round trip of %#v: got %#v", v, got)
		}
	}
}

// hasNamedStruct reports whether t contains a named struct type other
// than time.Time, which decodeValue rebuilds unnamed.
func hasNamedStruct(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Struct:
		return t.Name() != "" && t != reflect.TypeOf(time.Time{})
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return hasNamedStruct(t.Elem())
	case reflect.Map:
		return hasNamedStruct(t.Key()) || hasNamedStruct(t.Elem())
	}
	return false
}

func mustEncode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := encodeValue(v)
	if err != nil {
		t.Fatalf("encodeValue(%#v): %v", v, err)
	}
	return b
}

func TestCodecNaN(t *testing.T) {
	got := roundTrip(t, []float64{math.NaN()})
	if f := got.([]float64); len(f) != 1 || !math.IsNaN(f[0]) {
		t.Errorf("got %v, want [NaN]", got)
	}
	got = roundTrip(t, complex64(complex(float32(math.NaN()), 1)))
	if c := got.(complex64); !math.IsNaN(float64(real(c))) || imag(c) != 1 {
		t.Errorf("got %v, want (NaN+1i)", got)
	}
}

func TestCodecTypesPreserved(t *testing.T) {
	for _, v := range []any{1, int64(1), uint8(1), float32(1), 1.0, []string{"a"}, map[string]int{"a": 1}} {
		if got := roundTrip(t, v); reflect.TypeOf(got) != reflect.TypeOf(v) {
			t.Errorf("%#v came back as %T", v, got)
		}
	}
}

// TestCodecStructOfIdentity checks that a struct type made with
// reflect.StructOf, as the interpreter makes them, comes back as the very
// same type.
func TestCodecStructOfIdentity(t *testing.T) {
	inner := reflect.StructOf([]reflect.StructField{
		{Name: "Label", Type: reflect.TypeOf(""), Tag: `json:"label"`},
	})
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "Name", Type: reflect.TypeOf("")},
		{Name: "Xage", Type: reflect.TypeOf(0), Tag: `json:"age"`},
		{Name: "Items", Type: reflect.SliceOf(inner)},
		{Name: "Any", Type: reflect.TypeOf((*any)(nil)).Elem()},
	})
	v := reflect.New(typ).Elem()
	v.Field(0).SetString("Ada")
	v.Field(1).SetInt(36)
	items := reflect.MakeSlice(reflect.SliceOf(inner), 1, 1)
	items.Index(0).Field(0).SetString("x")
	v.Field(2).Set(items)
	v.Field(3).Set(reflect.ValueOf(reflect.New(inner).Elem().Interface()))

	got := roundTrip(t, v.Interface())
	if reflect.TypeOf(got) != typ {
		t.Fatalf("type %v is not identical to %v", reflect.TypeOf(got), typ)
	}
	if !reflect.DeepEqual(got, v.Interface()) {
		t.Errorf("got %#v, want %#v", got, v.Interface())
	}
	if reflect.TypeOf(reflect.ValueOf(got).Field(3).Interface()) != inner {
		t.Errorf("any field holds %T, want %v", reflect.ValueOf(got).Field(3).Interface(), inner)
	}

	embedded := reflect.StructOf([]reflect.StructField{{Name: "Inner", Type: inner, Anonymous: true}})
	if got := roundTrip(t, reflect.New(embedded).Elem().Interface()); reflect.TypeOf(got) != embedded {
		t.Errorf("embedded: type %v is not identical to %v", reflect.TypeOf(got), embedded)
	}
}

type stringer interface{ String() string }

func TestDecodeInto(t *testing.T) {
	type celsius float64
	tests := []struct {
		v    any
		typ  reflect.Type
		want any
	}{
		{3, reflect.TypeOf(0), 3},
		{3, reflect.TypeOf((*any)(nil)).Elem(), 3},
		{time.Second, reflect.TypeOf((*stringer)(nil)).Elem(), time.Second},
		{2.5, reflect.TypeOf(celsius(0)), celsius(2.5)},
		{codecPoint{1, 2}, reflect.TypeOf(codecPoint{}), codecPoint{1, 2}},
		{[]int{1}, reflect.TypeOf([]int(nil)), []int{1}},
		{nil, reflect.TypeOf((*int)(nil)), (*int)(nil)},
		{nil, reflect.TypeOf((*error)(nil)).Elem(), nil},
	}
	for _, tt := range tests {
		got, err := decodeInto(mustEncode(t, tt.v), tt.typ)
		if err != nil {
			t.Errorf("decodeInto(%#v, %v): %v", tt.v, tt.typ, err)
			continue
		}
		if got.Type() != tt.typ {
			t.Errorf("decodeInto(%#v, %v): type %v", tt.v, tt.typ, got.Type())
		}
		if !reflect.DeepEqual(got.Interface(), tt.want) {
			t.Errorf("decodeInto(%#v, %v) = %#v, want %#v", tt.v, tt.typ, got.Interface(), tt.want)
		}
	}

	errTests := []struct {
		v    any
		typ  reflect.Type
		want string
	}{
		{"s", reflect.TypeOf(0), "cannot decode string into int"},
		{3, reflect.TypeOf(""), "cannot decode int into string"},
		{3, reflect.TypeOf((*stringer)(nil)).Elem(), "cannot decode int into sandbox.stringer"},
		{[]int{1}, reflect.TypeOf([1]int{}), "cannot decode []int into [1]int"},
		{nil, reflect.TypeOf(0), "cannot decode nil into int"},
	}
	for _, tt := range errTests {
		_, err := decodeInto(mustEncode(t, tt.v), tt.typ)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("decodeInto(%#v, %v): error %v, want %q", tt.v, tt.typ, err, tt.want)
		}
	}
}

func TestCodecNotCopyable(t *testing.T) {
	type withChan struct {
		Name string
		Done chan bool
	}
	type withFunc struct {
		Inner struct{ F func() }
	}
	type node struct {
		Next *node
	}
	type hidden struct {
		x int
	}
	loop := []any{nil}
	loop[0] = loop
	self := map[string]any{}
	self["me"] = self
	tests := []struct {
		v    any
		want string
	}{
		{make(chan int), "chan int: value cannot be copied to another process (channels and functions live in one process; use a sandbox.Queue)"},
		{withChan{}, "field Done: chan bool: value cannot be copied to another process (channels and functions live in one process; use a sandbox.Queue)"},
		{withFunc{}, "field Inner.F: func(): value cannot be copied"},
		{[]any{1, func() {}}, "element [1]: func(): value cannot be copied"},
		{map[string]any{"k": make(chan int)}, "element [k]: chan int"},
		{unsafe.Pointer(nil), "unsafe.Pointer: value cannot be copied"},
		{&node{}, "recursive type"},
		{hidden{}, "unexported field x"},
		{struct{ time.Time }{}, "embedded field Time has methods"},
		{loop, "contains itself"},
		{self, "contains itself"},
	}
	for _, tt := range tests {
		_, err := encodeValue(tt.v)
		if !errors.Is(err, ErrNotCopyable) {
			t.Errorf("encodeValue(%T): error %v, want ErrNotCopyable", tt.v, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("encodeValue(%T): error %q, want it to contain %q", tt.v, err, tt.want)
		}
	}
}

func TestCodecPointerCycle(t *testing.T) {
	type box struct{ V any }
	b := &box{}
	b.V = b
	if _, err := encodeValue(b); !errors.Is(err, ErrNotCopyable) {
		t.Errorf("encodeValue(cycle): %v, want ErrNotCopyable", err)
	}
	// Shared pointers that do not form a cycle are fine.
	p := &codecPoint{1, 2}
	if _, err := encodeValue([]*codecPoint{p, p}); err != nil {
		t.Errorf("encodeValue(shared pointers): %v", err)
	}
}

func TestCodecDepthLimit(t *testing.T) {
	var v any = 1
	for range maxDepth + 5 {
		v = []any{v}
	}
	if _, err := encodeValue(v); err == nil {
		t.Error("encodeValue of a deeply nested value succeeded")
	}
	b := strings.Repeat(`{"t":{"k":"interface"},"v":`, 200) + "null" + strings.Repeat("}", 200)
	if _, err := decodeValue([]byte(b)); err == nil {
		t.Error("decodeValue of a deeply nested value succeeded")
	}
}

func TestDecodeBadInput(t *testing.T) {
	tests := []string{
		``,
		`null`,
		`[]`,
		`{}`,
		`{"t":null,"v":1}`,
		`{"t":{"k":"int"},"v":1.5}`,
		`{"t":{"k":"int8"},"v":300}`,
		`{"t":{"k":"uint"},"v":-1}`,
		`{"t":{"k":"int"},"v":"1"}`,
		`{"t":{"k":"bool"},"v":1}`,
		`{"t":{"k":"float64"},"v":"Infinity"}`,
		`{"t":{"k":"string"},"v":1}`,
		`{"t":{"k":"string"},"v":{"b64":"%%%"}}`,
		`{"t":{"k":"chan"},"v":null}`,
		`{"t":{"k":"named","n":"os.File"},"v":null}`,
		`{"t":{"k":"slice"},"v":[]}`,
		`{"t":{"k":"array","len":-1,"elem":{"k":"int"}},"v":[]}`,
		`{"t":{"k":"array","len":2,"elem":{"k":"int"}},"v":[1]}`,
		`{"t":{"k":"array","len":100000000,"elem":{"k":"int"}},"v":[]}`,
		`{"t":{"k":"ptr","elem":{"k":"array","len":16777216,"elem":{"k":"int64"}}},"v":[]}`,
		`{"t":{"k":"map","key":{"k":"slice","elem":{"k":"int"}},"elem":{"k":"int"}},"v":[]}`,
		`{"t":{"k":"map","key":{"k":"interface"},"elem":{"k":"int"}},"v":[[{"t":{"k":"slice","elem":{"k":"int"}},"v":[1]},1]]}`,
		`{"t":{"k":"map","key":{"k":"int"},"elem":{"k":"int"}},"v":[[1]]}`,
		`{"t":{"k":"struct","fields":[{"name":"x","type":{"k":"int"}}]},"v":[1]}`,
		`{"t":{"k":"struct","fields":[{"name":"A","type":{"k":"int"}},{"name":"A","type":{"k":"int"}}]},"v":[1,2]}`,
		`{"t":{"k":"struct","fields":[{"name":"A","type":{"k":"int"}}]},"v":[1,2]}`,
		`{"t":{"k":"struct","fields":[{"name":"A","type":null}]},"v":[1]}`,
		`{"t":{"k":"struct","fields":[{"name":"A","type":{"k":"ptr","elem":{"k":"ptr","elem":{"k":"int"}}},"embedded":true}]},"v":[null]}`,
		`{"t":{"k":"interface"},"v":1}`,
		`{"t":{"k":"named","n":"time.Time"},"v":"yesterday"}`,
		`{"t":{"k":"named","n":"sandbox.Queue"},"v":{"addr":"/tmp/x"}}`,
	}
	for _, in := range tests {
		if v, err := decodeValue([]byte(in)); err == nil {
			t.Errorf("decodeValue(%s) = %#v, want an error", in, v)
		}
	}
}

func FuzzDecodeValue(f *testing.F) {
	seeds := []any{
		1, "s", []string{"a"}, map[string]int{"a": 1}, codecPoint{1, 2}, &codecPoint{},
		[]any{1.5, nil, true}, [2]int8{1, 2}, complex(1, 2), time.Second,
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), []byte("x"), map[any]any{1: "a"},
	}
	for _, v := range seeds {
		b, err := encodeValue(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"t":{"k":"array","len":16777216,"elem":{"k":"array","len":16777216,"elem":{"k":"int8"}}},"v":[]}`))
	f.Add([]byte(`{"t":{"k":"struct","fields":[{"name":"A","type":{"k":"named","n":"time.Time"},"embedded":true},{"name":"B","type":{"k":"int"}}]},"v":[null,1]}`))
	targets := []reflect.Type{
		reflect.TypeOf(0),
		reflect.TypeOf((*any)(nil)).Elem(),
		reflect.TypeOf(codecPoint{}),
		reflect.TypeOf((*stringer)(nil)).Elem(),
		reflect.TypeOf([]string(nil)),
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeValue(b)
		if err == nil {
			// What decodes must encode again.
			if _, err := encodeValue(v); err != nil && !errors.Is(err, ErrNotCopyable) {
				t.Errorf("re-encoding %#v: %v", v, err)
			}
		}
		for _, typ := range targets {
			if out, err := decodeInto(b, typ); err == nil && out.Type() != typ {
				t.Errorf("decodeInto(%v) gave a %v", typ, out.Type())
			}
		}
	})
}

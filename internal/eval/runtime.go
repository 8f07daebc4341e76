package eval

import (
	"fmt"
	"go/token"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// The hidden package that lowered cells call, imported in every session as
// _gocell. Its functions are methods of cellRuntime, so nothing is shared
// between sessions.
const (
	hiddenPkg  = "_gocell"
	hiddenPath = "gocell/cellrt"
)

// cellRuntime is the state the hidden package's functions share with the
// session that runs a cell.
type cellRuntime struct {
	fset   *token.FileSet
	stderr io.Writer

	mu       sync.Mutex
	values   []any             // values of the trailing expression, from Capture
	captured bool              // Capture was called
	data     map[string]string // rich results of the trailing value, MIME type -> content
	pos      token.Pos         // start of the top-level statement running, from Mark
	trace    []string          // yaegi's "panic" lines from the cell goroutine

	timers timerWatch             // timers cells made, for the deadlock detector
	types  typeNames              // the notebook's struct types, guarded by mu
	loops  map[string]*intProgram // compiled native loops, by spec, guarded by mu
	done   <-chan struct{}        // closed when the chunk running is stopped, guarded by mu
	halt   chan struct{}          // closed when every goroutine is stopped, then replaced (see Sleep), guarded by mu
	format formatter              // the notebook's String and Error methods, for fmt

	goTraces goroutineTraces      // yaegi's "panic" lines from other goroutines, guarded by mu
	goPanic  func(*Error)         // Options.GoroutinePanic
	cellName func(seq int) string // names the cell of a chunk file in goroutine panics
}

// begin resets the per-chunk state before a chunk runs.
func (rt *cellRuntime) begin(pos token.Pos) {
	rt.mu.Lock()
	rt.values, rt.captured, rt.pos, rt.trace, rt.data = nil, false, pos, nil, nil
	rt.mu.Unlock()
}

// running records the done channel of the context of the chunk that runs.
func (rt *cellRuntime) running(done <-chan struct{}) {
	rt.mu.Lock()
	rt.done = done
	rt.mu.Unlock()
}

// Capture receives the values of a cell's trailing expression.
func (rt *cellRuntime) Capture(v ...any) {
	rt.mu.Lock()
	rt.values, rt.captured = v, true
	rt.mu.Unlock()
}

// Mark records that the top-level statement at pos starts.
func (rt *cellRuntime) Mark(pos int) {
	rt.mu.Lock()
	rt.pos, rt.trace = token.Pos(pos), nil
	rt.mu.Unlock()
}

// state returns what the cell's chunk left.
func (rt *cellRuntime) state() (values []any, captured bool, pos token.Pos, trace []string) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.values, rt.captured, rt.pos, rt.trace
}

// richData returns the rich results of the chunk's trailing value.
func (rt *cellRuntime) richData() map[string]string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.data
}

func (rt *cellRuntime) addTrace(line string) {
	rt.mu.Lock()
	rt.trace = append(rt.trace, line)
	rt.mu.Unlock()
}

// Print is the builtin print: it writes to standard error, with no spaces.
func (rt *cellRuntime) Print(args ...any) {
	var b strings.Builder
	for _, a := range args {
		b.WriteString(builtinFormat(a))
	}
	io.WriteString(rt.stderr, b.String())
}

// Println is the builtin println: it writes to standard error, with spaces.
func (rt *cellRuntime) Println(args ...any) {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(builtinFormat(a))
	}
	b.WriteByte('\n')
	io.WriteString(rt.stderr, b.String())
}

// builtinFormat formats one argument as the Go runtime's print does.
func builtinFormat(a any) string {
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Invalid:
		return "nil"
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return runtimeFloat(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return "(" + runtimeFloat(real(c)) + runtimeFloat(imag(c)) + "i)"
	case reflect.String:
		return v.String()
	case reflect.Pointer, reflect.Chan, reflect.Map, reflect.Func, reflect.UnsafePointer:
		return fmt.Sprintf("%#x", v.Pointer())
	case reflect.Slice:
		return fmt.Sprintf("[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())
	}
	return fmt.Sprint(a)
}

// runtimeFloat formats f like the runtime's printfloat: +1.500000e+000.
func runtimeFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(f, 'e', 6, 64) // 1.500000e+00
	if !math.Signbit(f) {
		s = "+" + s
	}
	i := strings.LastIndexAny(s, "+-")
	exp := s[i+1:]
	for len(exp) < 3 {
		exp = "0" + exp
	}
	return s[:i+1] + exp
}

// exitRequest is the panic value of os.Exit and log.Fatal in a cell.
type exitRequest struct{ code int }

func (e exitRequest) Error() string { return "exit status " + strconv.Itoa(e.code) }

// exports returns the symbols a session adds to yaegi's standard library:
// the hidden package, os.Stdin reading from the session's input, os.Stderr
// the real file, and os.Exit and log.Fatal ending the cell with an "exit"
// error instead of panicking with a message.
func (rt *cellRuntime) exports(in *interp.Interpreter, stdout io.Writer, stdin **stdinFile, stderr **os.File) interp.Exports {
	capture := reflect.ValueOf(rt.Capture)
	wrappers := []reflect.Type{
		reflect.TypeFor[fmt.Formatter](),
		reflect.TypeFor[error](),
		reflect.TypeFor[fmt.Stringer](),
	}
	ex := interp.Exports{
		hiddenPath + "/cellrt": {
			"Capture":        capture,
			"Mark":           reflect.ValueOf(rt.Mark),
			"Print":          reflect.ValueOf(rt.Print),
			"Println":        reflect.ValueOf(rt.Println),
			"Clear":          reflect.ValueOf(clearValue),
			"GoPanic":        reflect.ValueOf(rt.GoPanic),
			"TypeName":       reflect.ValueOf(rt.TypeName),
			"IntLoop":        reflect.ValueOf(rt.IntLoop),
			"GoSyntax":       reflect.ValueOf(rt.GoSyntax),
			"NotInterface":   reflect.ValueOf(rt.NotInterface),
			"HasMethods":     reflect.ValueOf(rt.HasMethods),
			"Unwrap":         reflect.ValueOf(unwrapYaegi),
			"SetFormatter":   reflect.ValueOf(rt.SetFormatter),
			"HostToNotebook": reflect.ValueOf(rt.HostToNotebook),
			"Recovered": reflect.ValueOf(func(v any) any {
				// yaegi's recover gives the panic value as a reflect.Value.
				return recoveredValue(v)
			}),
		},
		"os/os": {
			"Exit":   reflect.ValueOf(func(code int) { panic(exitRequest{code}) }),
			"Stdin":  reflect.ValueOf(stdin).Elem(),
			"Stderr": reflect.ValueOf(stderr).Elem(),
		},
	}
	mapTypes := map[reflect.Value][]reflect.Type{capture: wrappers}
	richWrappers, richTypes := rt.richExports(ex[hiddenPath+"/cellrt"])
	ex[richPath()] = richWrappers
	for fn, types := range richTypes {
		mapTypes[fn] = types
	}
	// log.Fatal* write through the session's std logger, as yaegi set it up.
	if output, ok := in.Symbols("log")["log"]["Output"].Interface().(func(int, string) error); ok {
		fatal := reflect.ValueOf(func(v ...any) { output(2, fmt.Sprint(v...)); panic(exitRequest{1}) })
		fatalf := reflect.ValueOf(func(f string, v ...any) { output(2, fmt.Sprintf(f, v...)); panic(exitRequest{1}) })
		fatalln := reflect.ValueOf(func(v ...any) { output(2, fmt.Sprintln(v...)); panic(exitRequest{1}) })
		ex["log/log"] = map[string]reflect.Value{"Fatal": fatal, "Fatalf": fatalf, "Fatalln": fatalln}
		mapTypes[fatal] = wrappers
		mapTypes[fatalf] = wrappers
		mapTypes[fatalln] = wrappers
	}
	printers := fmtExports(stdout, &rt.format)
	// Not "fmt/fmt": with that key, Use takes the map for the whole
	// standard library and loads it again. "./fmt/fmt" names the same
	// package.
	ex["./fmt/fmt"] = printers
	for _, fn := range printers {
		mapTypes[fn] = wrappers
	}
	ex["errors/errors"] = errorsExports()
	for pkg, syms := range rt.timers.exports() {
		ex[pkg] = syms
	}
	ex["time/time"]["Sleep"] = reflect.ValueOf(rt.Sleep)
	ex["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(mapTypes)}
	return ex
}

// clearValue is the builtin clear, for a map or a slice.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	default:
		panic(fmt.Sprintf("invalid argument: clear(%v) (value of type %T): argument must be (or constrained by) map or slice", x, x))
	}
}

package eval

import (
	"errors"
	"reflect"
)

// errors.Is and errors.As for cells. yaegi hands an error of a notebook
// type to native code in a wrapper of its own (a struct with the value in
// a field IValue and the Error method in another), and the notebook's types
// have no methods for reflect: errors.As(err, &ve) with ve a
// *ValidationError panicked ("*target must be interface or implement
// error"), and errors.Is compared wrappers, which cannot be compared. These
// versions look at the value in the wrapper: As sets the target to the
// first error of the chain whose value has the target's type, Is finds
// the target's value in the chain. The chain is what native code can
// follow: Unwrap methods of native errors (fmt.Errorf's %w, errors.Join),
// not those of notebook types.

// errorsExports returns the functions of package errors that cells call in
// place of the standard ones.
func errorsExports() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Is": reflect.ValueOf(errorsIs),
		"As": reflect.ValueOf(errorsAs),
	}
}

// inner returns the value in a yaegi wrapper, or err itself.
func inner(err error) any {
	if v, ok := unwrapYaegi(err); ok {
		return v
	}
	return err
}

// chain calls f on err and the errors it wraps, depth first, until f
// returns true, and reports whether it did.
func chain(err error, f func(error) bool) bool {
	for depth := 0; err != nil && depth < 100; depth++ {
		if f(err) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if chain(e, f) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// errorsIs is errors.Is, also for errors of notebook types.
func errorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	tv := inner(target)
	tt := reflect.TypeOf(tv)
	return chain(err, func(e error) bool {
		ev := inner(e)
		if tt.Comparable() && reflect.TypeOf(ev) == tt && ev == tv {
			return true
		}
		if x, ok := e.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		return false
	})
}

// errorsAs is errors.As, also for a target of a notebook type.
func errorsAs(err error, target any) bool {
	tv := reflect.ValueOf(target)
	if !tv.IsValid() || tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target) // panics as errors.As does
	}
	want := tv.Type().Elem()
	if want.Kind() == reflect.Interface || want.Implements(reflect.TypeFor[error]()) {
		return errors.As(err, target)
	}
	return chain(err, func(e error) bool {
		ev := reflect.ValueOf(inner(e))
		if ev.IsValid() && ev.Type() == want {
			tv.Elem().Set(ev)
			return true
		}
		return false
	})
}

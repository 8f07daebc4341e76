module gocell/tests/corpus

go 1.26

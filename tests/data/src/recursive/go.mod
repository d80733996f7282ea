module perftui.test/recursive

go 1.21

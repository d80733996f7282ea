module perftui.test/contention

go 1.19

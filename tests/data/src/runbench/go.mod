module perftui.test/runbench

go 1.19

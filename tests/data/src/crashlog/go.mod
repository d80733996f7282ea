module perftui.test/crashlog

go 1.19

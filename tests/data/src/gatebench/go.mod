module perftui.test/gatebench

go 1.19

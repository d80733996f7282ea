module perftui.test/racy

go 1.19

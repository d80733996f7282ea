module perftui.test/threadcreate

go 1.19

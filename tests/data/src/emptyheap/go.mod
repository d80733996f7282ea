module perftui.test/emptyheap

go 1.19

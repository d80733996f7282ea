module perftui.test/labels

go 1.19

module perftui.test/charts

go 1.19

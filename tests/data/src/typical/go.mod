module typical

go 1.19

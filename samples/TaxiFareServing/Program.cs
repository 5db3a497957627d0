using TaxiFareServing;

await ServingApp.Create(args).RunAsync();

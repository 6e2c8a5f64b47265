Console.Error.WriteLine("The sandbox host is not built yet.");
return 2;

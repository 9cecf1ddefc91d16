// Lets WebApplicationFactory<Program> reach the top-level Program in tests.
public partial class Program;
